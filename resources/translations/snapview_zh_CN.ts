<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CrashDialog</name>
    <message>
        <source>snapview — unexpected error</source>
        <translation>snapview — 意外错误</translation>
    </message>
    <message>
        <source>Something went wrong: {summary}</source>
        <translation>出现问题：{summary}</translation>
    </message>
    <message>
        <source>Your work is kept. The details below were also written to the log.</source>
        <translation>您的工作未丢失。以下详细信息也已写入日志。</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>日志文件：{path}</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>No video loaded</source>
        <translation>未加载视频</translation>
    </message>
    <message>
        <source>Enter or paste one or more VideoIds above and press Load,
or open a Huawei VOD event file with File → Open Events (Ctrl+O).</source>
        <translation>在上方输入或粘贴一个或多个视频ID，然后点击“加载”，
或通过“文件 → 打开事件文件”(Ctrl+O) 打开华为云 VOD 事件文件。</translation>
    </message>
</context>
<context>
    <name>JsonDocument</name>
    <message>
        <source>JSON error at line {line}, column {column}: {message}</source>
        <translation>JSON 错误（第 {line} 行，第 {column} 列）：{message}</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <source>session only (no keyring)</source>
        <translation>仅本次会话（无密钥环）</translation>
    </message>
    <message>
        <source>The keyring ({backend}) did not answer within {seconds} seconds. It may be waiting for you to unlock it in another window, or its service is stuck. Check for an unlock prompt, then press Retry.</source>
        <translation>密钥环（{backend}）在 {seconds} 秒内没有响应。它可能正在另一个窗口中等待您解锁，或其服务已卡住。请检查是否有解锁提示，然后点击“重试”。</translation>
    </message>
    <message>
        <source>The keyring ({backend}) is locked. Unlock it (it usually unlocks when you log in, or open “Passwords and Keys” / KWallet Manager), then press Retry.</source>
        <translation>密钥环（{backend}）已锁定。请先解锁（通常在登录时自动解锁，也可打开“密码和密钥”或 KWallet 管理器），然后点击“重试”。</translation>
    </message>
    <message>
        <source>The keyring ({backend}) cannot be used: {detail}. Make sure GNOME Keyring or KWallet is installed and running in your desktop session, then press Retry.</source>
        <translation>无法使用密钥环（{backend}）：{detail}。请确认桌面会话中已安装并运行 GNOME Keyring 或 KWallet，然后点击“重试”。</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>请为账号配置命名。</translation>
    </message>
    <message>
        <source>A profile name is one line of at most {max} characters.</source>
        <translation>账号配置名称须为单行，最多 {max} 个字符。</translation>
    </message>
    <message>
        <source>The name “{name}” is reserved; choose another one.</source>
        <translation>名称“{name}”为保留名称，请换一个。</translation>
    </message>
    <message>
        <source>Huawei Cloud profiles are coming later.</source>
        <translation>华为云账号配置将在后续版本中提供。</translation>
    </message>
    <message>
        <source>Enter the AccessKey ID (one word, for example LTAI5t…).</source>
        <translation>请输入 AccessKey ID（不含空格，例如 LTAI5t…）。</translation>
    </message>
    <message>
        <source>The custom endpoint must be a URL such as https://vod.cn-shanghai.aliyuncs.com or http://127.0.0.1:8600.</source>
        <translation>自定义接入地址（Endpoint）必须是 URL，例如 https://vod.cn-shanghai.aliyuncs.com 或 http://127.0.0.1:8600。</translation>
    </message>
    <message>
        <source>Choose a region or enter a custom endpoint.</source>
        <translation>请选择地域，或输入自定义接入地址（Endpoint）。</translation>
    </message>
    <message>
        <source>Enter the AccessKey secret.</source>
        <translation>请输入 AccessKey Secret。</translation>
    </message>
    <message>
        <source>The profile “{name}” is read-only.</source>
        <translation>账号配置“{name}”为只读。</translation>
    </message>
    <message>
        <source>A profile named “{name}” already exists.</source>
        <translation>名为“{name}”的账号配置已存在。</translation>
    </message>
    <message>
        <source>Without a keyring the secrets of profile “{name}” are kept only while snapview runs. Enter them again in Profiles.</source>
        <translation>没有可用的密钥环，账号配置“{name}”的密钥仅在 snapview 运行期间保留。请在“账号配置”中重新输入。</translation>
    </message>
    <message>
        <source>The AccessKey secret of profile “{name}” is not in the keyring ({backend}). Enter it again in Profiles and save.</source>
        <translation>密钥环（{backend}）中没有账号配置“{name}”的 AccessKey Secret。请在“账号配置”中重新输入并保存。</translation>
    </message>
    <message>
        <source>The STS security token of profile “{name}” is not in the keyring ({backend}). Enter it again in Profiles and save.</source>
        <translation>密钥环（{backend}）中没有账号配置“{name}”的 STS 安全令牌（SecurityToken）。请在“账号配置”中重新输入并保存。</translation>
    </message>
    <message>
        <source>There is no profile named “{name}”.</source>
        <translation>不存在名为“{name}”的账号配置。</translation>
    </message>
    <message>
        <source>This build cannot make VOD calls yet.</source>
        <translation>当前版本还不能调用视频点播接口。</translation>
    </message>
    <message>
        <source>The test call failed: {detail}</source>
        <translation>测试调用失败：{detail}</translation>
    </message>
    <message>
        <source>Could not reach the VOD endpoint: {detail}</source>
        <translation>无法连接视频点播接入地址：{detail}</translation>
    </message>
    <message>
        <source>Connected: the key is valid and may list snapshots in {where}.</source>
        <translation>连接成功：该密钥有效，可以查询 {where} 的截图。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The interface language changes the next time snapview starts.</source>
        <translation>界面语言将在下次启动 snapview 时生效。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>snapview</source>
        <translation>snapview</translation>
    </message>
    <message>
        <source>&amp;Open Events…</source>
        <translation>打开事件文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open Huawei VOD event files (JSON or JSON Lines)</source>
        <translation>打开华为云 VOD 事件文件（JSON 或 JSON Lines）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Load the snapshots of the VideoId</source>
        <translation>加载该视频ID的截图</translation>
    </message>
    <message>
        <source>&amp;Profiles…</source>
        <translation>账号配置(&amp;P)…</translation>
    </message>
    <message>
        <source>Manage cloud accounts and their keys</source>
        <translation>管理云账号及其访问密钥</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;About snapview</source>
        <translation>关于 snapview(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Cloud account profile</source>
        <translation>云账号配置</translation>
    </message>
    <message>
        <source>No profile</source>
        <translation>无账号配置</translation>
    </message>
    <message>
        <source>VideoId — paste one or several</source>
        <translation>视频ID — 可粘贴一个或多个</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Tile size (Ctrl+wheel over the grid)</source>
        <translation>缩略图大小（在网格上按住 Ctrl 滚动滚轮）</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>The JSON behind the loaded page or event appears here.</source>
        <translation>已加载的分页或事件的原始 JSON 将显示在这里。</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>About snapview</source>
        <translation>关于 snapview</translation>
    </message>
    <message>
        <source>&lt;b&gt;snapview {version}&lt;/b&gt;&lt;br&gt;Snapshot review for Alibaba Cloud VOD and Huawei Cloud VOD.</source>
        <translation>&lt;b&gt;snapview {version}&lt;/b&gt;&lt;br&gt;阿里云视频点播与华为云视频点播截图审核工具。</translation>
    </message>
</context>
<context>
    <name>SnapshotType</name>
    <message>
        <source>Covers</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>普通截图</translation>
    </message>
    <message>
        <source>Sprite sheets</source>
        <translation>雪碧图</translation>
    </message>
    <message>
        <source>Sprite cells</source>
        <translation>雪碧图小图</translation>
    </message>
    <message>
        <source>WebVTT</source>
        <translation>WebVTT</translation>
    </message>
</context>
</TS>
