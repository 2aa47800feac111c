<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CategoryCombo</name>
    <message>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>CertFetcher</name>
    <message>
        <source>Refusing to download the certificate from {url}: only https://smn.&lt;region&gt;.myhuaweicloud.com is trusted.</source>
        <translation>拒绝从 {url} 下载证书：只信任 https://smn.&lt;region&gt;.myhuaweicloud.com。</translation>
    </message>
    <message>
        <source>Could not download the certificate: {reason}</source>
        <translation>无法下载证书：{reason}</translation>
    </message>
    <message>
        <source>The certificate server answered HTTP {status}.</source>
        <translation>证书服务器返回 HTTP {status}。</translation>
    </message>
    <message>
        <source>The downloaded file is not a usable certificate: {reason}</source>
        <translation>下载的文件不是可用的证书：{reason}</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>CommentField</name>
    <message>
        <source>Comment (optional) — Enter saves, Esc skips</source>
        <translation>备注（可选）— 回车保存，Esc 跳过</translation>
    </message>
</context>
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
    <name>DecisionFilterBox</name>
    <message>
        <source>All snapshots</source>
        <translation>全部截图</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Show only the snapshots with this review decision or scan flag</source>
        <translation>只显示具有此审核结论或扫描标记的截图</translation>
    </message>
    <message>
        <source>Flagged by scan (no scan yet)</source>
        <translation>扫描标记的（尚未扫描）</translation>
    </message>
    <message>
        <source>Flagged, not reviewed</source>
        <translation>已标记、未审核</translation>
    </message>
    <message>
        <source>Scan the video (Ctrl+Shift+S) to filter by what the scan finds</source>
        <translation>扫描视频（Ctrl+Shift+S）后即可按扫描结果筛选</translation>
    </message>
    <message>
        <source>Flagged by scan ({count})</source>
        <translation>扫描标记的（{count}）</translation>
    </message>
    <message>
        <source>Flagged, not reviewed ({count})</source>
        <translation>已标记、未审核（{count}）</translation>
    </message>
    <message>
        <source>Snapshots the scan flagged, whatever their decision</source>
        <translation>扫描标记的截图，不论审核结论</translation>
    </message>
    <message>
        <source>Snapshots the scan flagged that have no decision yet: what to triage next</source>
        <translation>扫描标记且尚无审核结论的截图：接下来要处理的</translation>
    </message>
    <message>
        <source>{kind} ({count})</source>
        <translation>{kind}（{count}）</translation>
    </message>
</context>
<context>
    <name>DefectsPanel</name>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>Scan video</source>
        <translation>扫描视频</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m 张</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Not scanned yet. Scan video checks every snapshot of the job.</source>
        <translation>尚未扫描。“扫描视频”会检查该截图作业的每一张截图。</translation>
    </message>
    <message>
        <source>Load a video, then scan it to find its defects.</source>
        <translation>请先加载视频，再扫描以查找其中的缺陷。</translation>
    </message>
    <message>
        <source>Listing the snapshots…</source>
        <translation>正在列出截图…</translation>
    </message>
    <message>
        <source>Estimating the time left…</source>
        <translation>正在估算剩余时间…</translation>
    </message>
    <message>
        <source>About {time} left</source>
        <translation>约剩 {time}</translation>
    </message>
    <message>
        <source>Scanning: {flagged} flagged so far</source>
        <translation>正在扫描：目前已标记 {flagged} 张</translation>
    </message>
    <message>
        <source>Scan cancelled: {scanned} of {total} checked, {flagged} flagged</source>
        <translation>扫描已取消：已检查 {scanned} / {total} 张，标记 {flagged} 张</translation>
    </message>
    <message>
        <source>{flagged} of {total} snapshots flagged</source>
        <translation>{total} 张截图中标记了 {flagged} 张</translation>
    </message>
    <message>
        <source>No defects in {total} snapshots</source>
        <translation>{total} 张截图中未发现缺陷</translation>
    </message>
    <message>
        <source>scanned {when}</source>
        <translation>扫描于 {when}</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>{kind} ({count})</source>
        <translation>{kind}（{count}）</translation>
    </message>
    <message>
        <source>…and {count} more (F8 walks every one)</source>
        <translation>…另有 {count} 项（按 F8 可逐一查看）</translation>
    </message>
</context>
<context>
    <name>DemoDriver</name>
    <message>
        <source>Starting the local VOD emulator…</source>
        <translation>正在启动本地视频点播模拟器…</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>The report could not be saved: the folder {folder} is not writable. Choose another folder, for example your Desktop or Documents.</source>
        <translation>无法保存报告：文件夹 {folder} 不可写。请选择其他文件夹，例如“桌面”或“文档”。</translation>
    </message>
    <message>
        <source>The report could not be saved: the folder {folder} does not exist. Choose another folder.</source>
        <translation>无法保存报告：文件夹 {folder} 不存在。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>The report could not be saved: the disk holding {folder} is full.</source>
        <translation>无法保存报告：{folder} 所在的磁盘已满。</translation>
    </message>
    <message>
        <source>The report could not be saved to {folder}: {reason}</source>
        <translation>无法将报告保存到 {folder}：{reason}</translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <source>its link is not loaded yet</source>
        <translation>链接尚未加载</translation>
    </message>
    <message>
        <source>network error ({error})</source>
        <translation>网络错误（{error}）</translation>
    </message>
    <message>
        <source>HTTP {status}</source>
        <translation>HTTP 错误 {status}</translation>
    </message>
    <message>
        <source>the server sent no image ({kind}, {size} bytes)</source>
        <translation>服务器返回的不是图片（{kind}，{size} 字节）</translation>
    </message>
    <message>
        <source>{file} could not be written: {error}</source>
        <translation>无法写入 {file}：{error}</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>No video loaded</source>
        <translation>未加载视频</translation>
    </message>
    <message>
        <source>Enter or paste one or more VideoIds (with a Huawei Cloud profile: media asset IDs)
above and press Load, or open a Huawei VOD event file with File → Open Events (Ctrl+O).</source>
        <translation>在上方输入或粘贴一个或多个视频ID（使用华为云账号配置时为媒资ID），
然后点击“加载”；或通过“文件 → 打开事件文件”(Ctrl+O) 打开华为云 VOD 事件文件。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>EventListModel</name>
    <message>
        <source>✘ signature</source>
        <translation>✘ 签名</translation>
    </message>
</context>
<context>
    <name>EventSignatures</name>
    <message>
        <source>“{field}” holds a lone surrogate ({character}) at character {position}: no one can have signed it.</source>
        <translation>“{field}”在第 {position} 个字符处含有孤立的代理字符（{character}）：不可能有人对其签名。</translation>
    </message>
    <message>
        <source>Signature version {version} is not supported.</source>
        <translation>不支持签名版本 {version}。</translation>
    </message>
    <message>
        <source>The SMN envelope carries no signature.</source>
        <translation>该 SMN 消息不带签名。</translation>
    </message>
    <message>
        <source>The message is not the original string, so it cannot be checked.</source>
        <translation>message 不是原始字符串，无法校验签名。</translation>
    </message>
    <message>
        <source>Not verified: choose the signing certificate (.pem) to check it.</source>
        <translation>未校验：请选择签名证书（.pem）以校验签名。</translation>
    </message>
    <message>
        <source>Not verified: the certificate cannot be used: {reason}</source>
        <translation>未校验：证书无法使用：{reason}</translation>
    </message>
    <message>
        <source>The signature is not valid base64.</source>
        <translation>签名不是有效的 base64。</translation>
    </message>
    <message>
        <source>The signature does not match: the envelope was changed or signed with another key.</source>
        <translation>签名不匹配：消息已被修改，或由其他密钥签名。</translation>
    </message>
    <message>
        <source>Signed by the certificate&apos;s key.</source>
        <translation>由该证书的密钥签名。</translation>
    </message>
    <message>
        <source>The callback carries no auth_sign (signing is off).</source>
        <translation>回调不带 auth_sign（未开启签名）。</translation>
    </message>
    <message>
        <source>auth_sign without auth_timestamp.</source>
        <translation>有 auth_sign 但缺少 auth_timestamp。</translation>
    </message>
    <message>
        <source>auth_sign “{value}” is not an HMAC-SHA256 in hex (64 characters 0-9, a-f).</source>
        <translation>auth_sign“{value}”不是十六进制的 HMAC-SHA256（64 个 0-9、a-f 字符）。</translation>
    </message>
    <message>
        <source>Not verified: enter the callback key to check auth_sign.</source>
        <translation>未校验：请输入回调密钥以校验 auth_sign。</translation>
    </message>
    <message>
        <source>Not verified: the callback key holds characters that are not text.</source>
        <translation>未校验：回调密钥中含有无法作为文本的字符。</translation>
    </message>
    <message>
        <source>auth_sign matches the key.</source>
        <translation>auth_sign 与密钥匹配。</translation>
    </message>
    <message>
        <source>auth_sign does not match: a different key, or the message was changed.</source>
        <translation>auth_sign 不匹配：密钥不同，或消息已被修改。</translation>
    </message>
    <message>
        <source>A bare event carries no signature.</source>
        <translation>无封装事件不带签名。</translation>
    </message>
    <message>
        <source>Not a usable certificate: {reason}</source>
        <translation>不是可用的证书：{reason}</translation>
    </message>
    <message>
        <source>SMN signing certificate</source>
        <translation>SMN 签名证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>MFS callback key</source>
        <translation>MFS 回调密钥</translation>
    </message>
    <message>
        <source>Key used to sign the callbacks (kept for this session only):</source>
        <translation>用于签名回调的密钥（仅在本次会话中保留）：</translation>
    </message>
    <message>
        <source>Not downloading {url}: certificates are only fetched from https://smn.&lt;region&gt;.myhuaweicloud.com.</source>
        <translation>不下载 {url}：证书只从 https://smn.&lt;region&gt;.myhuaweicloud.com 获取。</translation>
    </message>
    <message>
        <source>Downloading the signing certificate…</source>
        <translation>正在下载签名证书…</translation>
    </message>
    <message>
        <source>Certificate downloaded; signatures checked.</source>
        <translation>证书已下载，签名已校验。</translation>
    </message>
</context>
<context>
    <name>EventTilesModel</name>
    <message>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>no URL</source>
        <translation>无 URL</translation>
    </message>
</context>
<context>
    <name>EventView</name>
    <message>
        <source>Verify with certificate…</source>
        <translation>用证书验证…</translation>
    </message>
    <message>
        <source>Download certificate</source>
        <translation>下载证书</translation>
    </message>
    <message>
        <source>Only from https://smn.&lt;region&gt;.myhuaweicloud.com</source>
        <translation>仅从 https://smn.&lt;region&gt;.myhuaweicloud.com 下载</translation>
    </message>
    <message>
        <source>Verify with MFS key…</source>
        <translation>用 MFS 密钥验证…</translation>
    </message>
    <message>
        <source>Snapshot job FAILED</source>
        <translation>截图任务失败</translation>
    </message>
    <message>
        <source>Interval snapshots (sample)</source>
        <translation>间隔截图（抽样）</translation>
    </message>
    <message>
        <source>Time-point snapshots (dots)</source>
        <translation>指定时间点截图（打点）</translation>
    </message>
    <message>
        <source>No event</source>
        <translation>无事件</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>文本消息</translation>
    </message>
    <message>
        <source>Unknown JSON</source>
        <translation>未知 JSON</translation>
    </message>
    <message>
        <source>bare event</source>
        <translation>无封装事件</translation>
    </message>
    <message>
        <source>SMN {type}</source>
        <translation>SMN {type}</translation>
    </message>
    <message>
        <source>MFS callback</source>
        <translation>MFS 回调</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Envelope: {envelope}</source>
        <translation>消息封装：{envelope}</translation>
    </message>
    <message>
        <source>Source: {source}, line {line}</source>
        <translation>来源：{source}，第 {line} 行</translation>
    </message>
    <message>
        <source>Error code: {code}</source>
        <translation>错误码：{code}</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>（无错误码）</translation>
    </message>
    <message>
        <source>Message: {message}</source>
        <translation>消息：{message}</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>（无消息）</translation>
    </message>
    <message>
        <source>Plain-text message:</source>
        <translation>纯文本消息：</translation>
    </message>
    <message>
        <source>This {type} event has no snapshots to show; its JSON is in the inspector.</source>
        <translation>此 {type} 事件没有可显示的截图；其 JSON 显示在检查器中。</translation>
    </message>
    <message>
        <source>The event lists no snapshots.</source>
        <translation>该事件中没有截图。</translation>
    </message>
    <message>
        <source>Signature: not applicable</source>
        <translation>签名：不适用</translation>
    </message>
    <message>
        <source>Signature: ✔ valid</source>
        <translation>签名：✔ 有效</translation>
    </message>
    <message>
        <source>Signature: ✘ INVALID</source>
        <translation>签名：✘ 无效</translation>
    </message>
    <message>
        <source>Signature: not verified</source>
        <translation>签名：未验证</translation>
    </message>
</context>
<context>
    <name>EventsFeature</name>
    <message>
        <source>Open Events &amp;Folder…</source>
        <translation>打开事件文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open every event file of a folder (.json, .jsonl, .log…)</source>
        <translation>打开文件夹中的所有事件文件（.json、.jsonl、.log…）</translation>
    </message>
    <message>
        <source>Open a folder of Huawei VOD events</source>
        <translation>打开华为云视频点播事件文件夹</translation>
    </message>
    <message>
        <source>&amp;Paste Events</source>
        <translation>粘贴事件(&amp;P)</translation>
    </message>
    <message>
        <source>Open the event JSON on the clipboard (Ctrl+V outside text fields)</source>
        <translation>打开剪贴板中的事件 JSON（在输入框之外按 Ctrl+V）</translation>
    </message>
    <message>
        <source>Open Huawei VOD events</source>
        <translation>打开华为云视频点播事件</translation>
    </message>
    <message>
        <source>Event files (*.json *.jsonl *.ndjson *.log *.txt)</source>
        <translation>事件文件 (*.json *.jsonl *.ndjson *.log *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading events…</source>
        <translation>正在读取事件…</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Reading events cancelled.</source>
        <translation>已取消读取事件。</translation>
    </message>
    <message>
        <source>The clipboard holds no event JSON.</source>
        <translation>剪贴板中没有事件 JSON。</translation>
    </message>
    <message>
        <source>No events found.</source>
        <translation>未找到事件。</translation>
    </message>
    <message>
        <source>Could not open events: {message}</source>
        <translation>无法打开事件：{message}</translation>
    </message>
    <message>
        <source>Could not read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message>
        <source>{count} events</source>
        <translation>{count} 个事件</translation>
    </message>
    <message>
        <source>{failed} failed</source>
        <translation>{failed} 个失败</translation>
    </message>
    <message>
        <source>{count} could not be read</source>
        <translation>{count} 个无法读取</translation>
    </message>
</context>
<context>
    <name>EventsPanel</name>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Asset id…</source>
        <translation>媒资ID…</translation>
    </message>
    <message>
        <source>{shown} of {total} events</source>
        <translation>{shown}/{total} 个事件</translation>
    </message>
    <message>
        <source>Could not read:</source>
        <translation>无法读取：</translation>
    </message>
    <message>
        <source>…and {count} more</source>
        <translation>…以及另外 {count} 个</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Review Report</source>
        <translation>导出审核报告</translation>
    </message>
    <message>
        <source>Every reviewed video</source>
        <translation>所有已审核的视频</translation>
    </message>
    <message>
        <source>Only decisions made since</source>
        <translation>仅包含此日期之后的审核</translation>
    </message>
    <message>
        <source>PDF contact sheet</source>
        <translation>PDF 缩略图汇总</translation>
    </message>
    <message>
        <source>CSV (Excel)</source>
        <translation>CSV（Excel）</translation>
    </message>
    <message>
        <source>JSON (for another reviewer)</source>
        <translation>JSON（交给其他审核员）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Decisions:</source>
        <translation>审核范围：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>This video ({video})</source>
        <translation>当前视频（{video}）</translation>
    </message>
    <message>
        <source>This video (none is open)</source>
        <translation>当前视频（未打开视频）</translation>
    </message>
    <message>
        <source>Save the Report As</source>
        <translation>报告另存为</translation>
    </message>
    <message>
        <source>Choose where to save the report.</source>
        <translation>请选择报告的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Wrote {decisions} decisions of {videos} videos to {path}.</source>
        <translation>已将 {videos} 个视频的 {decisions} 条审核写入 {path}。</translation>
    </message>
    <message>
        <source>There are no decisions in this scope; {path} has none.</source>
        <translation>此范围内没有审核记录；{path} 中不含任何审核。</translation>
    </message>
</context>
<context>
    <name>Frames</name>
    <message>
        <source>Could not download the WebVTT track: {reason}</source>
        <translation>无法下载 WebVTT 文件：{reason}</translation>
    </message>
    <message>
        <source>Could not download the WebVTT track: HTTP {status} from {url}</source>
        <translation>无法下载 WebVTT 文件：{url} 返回 HTTP {status}</translation>
    </message>
    <message>
        <source>Could not download the sprite sheet: {reason}</source>
        <translation>无法下载雪碧图：{reason}</translation>
    </message>
    <message>
        <source>Could not download the sprite sheet: HTTP {status} from {url}</source>
        <translation>无法下载雪碧图：{url} 返回 HTTP {status}</translation>
    </message>
</context>
<context>
    <name>GapBar</name>
    <message>
        <source>Retry missing</source>
        <translation>重试缺失部分</translation>
    </message>
    <message>
        <source>List the missing pages of snapshots again</source>
        <translation>重新获取缺失的截图分页</translation>
    </message>
</context>
<context>
    <name>GoTo</name>
    <message>
        <source>“{value}” is neither a snapshot number (such as 140) nor a time (such as 1:05).</source>
        <translation>“{value}”既不是截图序号（如 140），也不是时间（如 1:05）。</translation>
    </message>
</context>
<context>
    <name>GoToDialog</name>
    <message>
        <source>Go To</source>
        <translation>转到</translation>
    </message>
    <message>
        <source>Snapshot number (1–{count}) or time in the video (mm:ss):</source>
        <translation>截图序号（1–{count}）或视频中的时间（分:秒）：</translation>
    </message>
    <message>
        <source>e.g. 140 or 1:05</source>
        <translation>例如 140 或 1:05</translation>
    </message>
</context>
<context>
    <name>GridGaps</name>
    <message>
        <source>Snapshot #{first} is missing</source>
        <translation>截图 #{first} 缺失</translation>
    </message>
    <message>
        <source>Snapshots #{first}–#{last} are missing</source>
        <translation>截图 #{first}–#{last} 缺失</translation>
    </message>
    <message>
        <source>(and {count} more gaps)</source>
        <translation>（另有 {count} 处缺失）</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Where Is the &amp;Log?</source>
        <translation>日志在哪里？(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Report a Problem…</source>
        <translation>报告问题(&amp;R)…</translation>
    </message>
    <message>
        <source>Where Is the Log?</source>
        <translation>日志在哪里？</translation>
    </message>
    <message>
        <source>snapview writes its log to this folder ({file}, with older copies beside it). Keys and secrets are never written to it.</source>
        <translation>snapview 将日志写入此文件夹（{file}，旧的副本在同一位置）。密钥和凭证从不写入日志。</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>{folder}

No file manager could be opened on this desktop; the path was copied to the clipboard instead.</source>
        <translation>{folder}

此桌面无法打开文件管理器，已改为将路径复制到剪贴板。</translation>
    </message>
    <message>
        <source>Log folder path copied.</source>
        <translation>已复制日志文件夹路径。</translation>
    </message>
    <message>
        <source>Save Diagnostic Report</source>
        <translation>保存诊断报告</translation>
    </message>
    <message>
        <source>Zip archive (*.zip);;Text file (*.txt)</source>
        <translation>Zip 压缩包 (*.zip);;文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Report Not Saved</source>
        <translation>报告未保存</translation>
    </message>
    <message>
        <source>Report Saved</source>
        <translation>报告已保存</translation>
    </message>
    <message>
        <source>The diagnostic report was saved to {path}.

It holds the version, the platform, the settings and the last log lines, with every key and secret removed. Read it before you send it.</source>
        <translation>诊断报告已保存到 {path}。

其中包含版本、平台、设置和最近的日志行，所有密钥和凭证均已移除。发送前请先阅读。</translation>
    </message>
</context>
<context>
    <name>HuaweiEvents</name>
    <message>
        <source>{source}, line {line}, column {column}: {message}</source>
        <translation>{source}，第 {line} 行，第 {column} 列：{message}</translation>
    </message>
    <message>
        <source>Read from a JSON code block of this page: the file itself is not JSON.</source>
        <translation>取自此页面中的 JSON 代码块：文件本身不是 JSON。</translation>
    </message>
    <message>
        <source>A key appears more than once ({keys}); the last value is used.</source>
        <translation>有字段重复出现（{keys}）；使用最后一个值。</translation>
    </message>
    <message>
        <source>Not a Huawei VOD event or envelope (no event_type, type/topic_urn or message): shown as JSON.</source>
        <translation>不是华为云视频点播事件或消息封装（没有 event_type、type/topic_urn 或 message）：按 JSON 显示。</translation>
    </message>
    <message>
        <source>The envelope has no message.</source>
        <translation>消息封装中没有 message。</translation>
    </message>
    <message>
        <source>“{name}” is not a list; ignored.</source>
        <translation>“{name}”不是列表，已忽略。</translation>
    </message>
    <message>
        <source>{name}[{index}] is not an object; skipped.</source>
        <translation>{name}[{index}] 不是对象，已跳过。</translation>
    </message>
    <message>
        <source>{name}[{index}] has no readable offset.</source>
        <translation>{name}[{index}] 没有可读取的时间偏移（offset）。</translation>
    </message>
    <message>
        <source>The event has no thumbnail_info.</source>
        <translation>该事件没有 thumbnail_info。</translation>
    </message>
</context>
<context>
    <name>HuaweiVod</name>
    <message>
        <source>“{value}” is not a Huawei Cloud VOD region; use one of {choices}, or a custom endpoint.</source>
        <translation>“{value}”不是华为云视频点播的区域，请使用 {choices} 之一，或自定义终端节点。</translation>
    </message>
    <message>
        <source>Enter a media asset ID.</source>
        <translation>请输入媒资ID。</translation>
    </message>
    <message>
        <source>“{value}” is not a Huawei media asset ID: an asset ID is 32 hexadecimal characters (0-9, a-f).</source>
        <translation>“{value}”不是华为云媒资ID：媒资ID为32位十六进制字符（0-9、a-f）。</translation>
    </message>
    <message>
        <source>A project ID is needed: Huawei Cloud VOD calls are made in the project of a region (My Credentials &gt; Projects in the console).</source>
        <translation>需要项目ID：华为云视频点播的调用在区域对应的项目中进行（控制台“我的凭证 &gt; 项目列表”）。</translation>
    </message>
    <message>
        <source>“{value}” is not a Huawei Cloud project ID: a project ID is 32 hexadecimal characters.</source>
        <translation>“{value}”不是华为云项目ID：项目ID为32位十六进制字符。</translation>
    </message>
    <message>
        <source>{field} must be a whole number from {low} to {high}.</source>
        <translation>{field} 必须是 {low} 到 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>Unknown detail category “{value}”; use {choices}.</source>
        <translation>未知的详情类别“{value}”，请使用 {choices}。</translation>
    </message>
    <message>
        <source>A snapshot task ID is needed.</source>
        <translation>需要截图任务ID。</translation>
    </message>
    <message>
        <source>Unknown status “{value}”; use one of {choices}.</source>
        <translation>未知状态“{value}”，请使用 {choices} 之一。</translation>
    </message>
    <message>
        <source>{field} must be a UTC time written yyyymmddhhmmss, not “{value}”.</source>
        <translation>{field} 必须是 yyyymmddhhmmss 格式的 UTC 时间，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Huawei Cloud lists at most {max} assets per query ((page+1)×size); narrow the query by creation time.</source>
        <translation>华为云每次查询最多列出 {max} 个媒资（(page+1)×size），请按创建时间缩小查询范围。</translation>
    </message>
    <message>
        <source>At most {max} asset IDs can be asked for at once.</source>
        <translation>一次最多可查询 {max} 个媒资ID。</translation>
    </message>
    <message>
        <source>At most {max} media types can be asked for at once.</source>
        <translation>一次最多可查询 {max} 种媒体类型。</translation>
    </message>
    <message>
        <source>The order must be asc or desc.</source>
        <translation>排序只能是 asc 或 desc。</translation>
    </message>
    <message>
        <source>No Huawei Cloud credentials: set {names}.</source>
        <translation>没有华为云凭证：请设置 {names}。</translation>
    </message>
</context>
<context>
    <name>Images</name>
    <message>
        <source>Image too large to show ({width}×{height} pixels)</source>
        <translation>图片过大，无法显示（{width}×{height} 像素）</translation>
    </message>
    <message>
        <source>Image too large to show (over the memory limit)</source>
        <translation>图片过大，无法显示（超出内存限制）</translation>
    </message>
    <message>
        <source>Corrupt image: the file is truncated (premature end of data)</source>
        <translation>图片已损坏：文件不完整（数据提前结束）</translation>
    </message>
    <message>
        <source>Not an image ({content_type})</source>
        <translation>不是图片（{content_type}）</translation>
    </message>
    <message>
        <source>Corrupt image: {error}</source>
        <translation>图片已损坏：{error}</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <source>Timed out ({what})</source>
        <translation>超时（{what}）</translation>
    </message>
    <message>
        <source>Cannot fetch this link: {error}</source>
        <translation>无法获取此链接：{error}</translation>
    </message>
    <message>
        <source>Network error: {error}</source>
        <translation>网络错误：{error}</translation>
    </message>
    <message>
        <source>Not found (HTTP {status})</source>
        <translation>未找到（HTTP {status}）</translation>
    </message>
    <message>
        <source>Link expired (HTTP {status})</source>
        <translation>链接已过期（HTTP {status}）</translation>
    </message>
    <message>
        <source>Access denied (HTTP {status})</source>
        <translation>拒绝访问（HTTP {status}）</translation>
    </message>
    <message>
        <source>Server answered HTTP {status}</source>
        <translation>服务器返回 HTTP {status}</translation>
    </message>
    <message>
        <source>Timed out: no answer within {seconds} s</source>
        <translation>超时：{seconds} 秒内无响应</translation>
    </message>
    <message>
        <source>Timed out: the download took longer than {seconds} s</source>
        <translation>超时：下载用时超过 {seconds} 秒</translation>
    </message>
    <message>
        <source>Cannot fetch this link: it contains an invalid character ({char})</source>
        <translation>无法获取此链接：链接包含无效字符（{char}）</translation>
    </message>
    <message>
        <source>Image file too large ({megabytes} MB)</source>
        <translation>图片文件过大（{megabytes} MB）</translation>
    </message>
    <message>
        <source>Not an image: the server sent an empty file</source>
        <translation>不是图片：服务器返回了空文件</translation>
    </message>
    <message>
        <source>Local error (this computer, not the network): {error}</source>
        <translation>本地错误（本机问题，并非网络问题）：{error}</translation>
    </message>
    <message>
        <source>Local error: the image cache folder {folder} cannot be written ({error}). Images are still shown, but not kept on disk.</source>
        <translation>本地错误：无法写入图片缓存文件夹 {folder}（{error}）。图片仍会显示，但不会保存到磁盘。</translation>
    </message>
    <message>
        <source>The scan&apos;s worker process stopped unexpectedly (exit status {code})</source>
        <translation>扫描的工作进程意外停止（退出状态 {code}）</translation>
    </message>
</context>
<context>
    <name>ImportControl</name>
    <message>
        <source>&amp;Import Decisions…</source>
        <translation>导入审核结论(&amp;I)…</translation>
    </message>
    <message>
        <source>Merge decisions another reviewer exported as JSON; the newer decision wins</source>
        <translation>合并其他审核员导出的 JSON 审核结论；以较新的结论为准</translation>
    </message>
    <message>
        <source>Import Review Decisions</source>
        <translation>导入审核结论</translation>
    </message>
    <message>
        <source>Review exports (*.json);;All files (*)</source>
        <translation>审核导出文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Nothing was imported from {file}.</source>
        <translation>未从 {file} 导入任何内容。</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>you may not read it</source>
        <translation>没有读取权限</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>The file {path} could not be read: {reason}.</source>
        <translation>无法读取文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{count} now current</source>
        <translation>{count} 条成为当前结论</translation>
    </message>
    <message>
        <source>{count} older than yours (yours kept; theirs in the history)</source>
        <translation>{count} 条早于您的结论（保留您的结论；对方的记入历史）</translation>
    </message>
    <message>
        <source>{count} already here</source>
        <translation>{count} 条已存在</translation>
    </message>
    <message>
        <source>{count} video verdicts</source>
        <translation>{count} 个视频结论</translation>
    </message>
    <message>
        <source>Imported {rows} decisions from {file} ({parts}).</source>
        <translation>已从 {file} 导入 {rows} 条审核结论（{parts}）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>…… 另有 {count} 行</translation>
    </message>
    <message>
        <source>{count} rows skipped:
{reasons}</source>
        <translation>跳过 {count} 行：
{reasons}</translation>
    </message>
    <message>
        <source>Not saved yet: {problem} The decisions are kept and written as soon as the review store can be written.</source>
        <translation>尚未保存：{problem} 这些结论已保留，待审核库可写入时立即写入。</translation>
    </message>
</context>
<context>
    <name>InspectorSync</name>
    <message>
        <source>ShowAssetDetail</source>
        <translation>ShowAssetDetail（查询媒资详细信息）</translation>
    </message>
    <message>
        <source>ListThumbnailDetails page {page}</source>
        <translation>ListThumbnailDetails 第 {page} 页</translation>
    </message>
    <message>
        <source>ListSnapshots page {page}</source>
        <translation>ListSnapshots 第 {page} 页</translation>
    </message>
    <message>
        <source>Error response</source>
        <translation>错误响应</translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <source>Filter keys and values…</source>
        <translation>筛选键和值…</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>树形</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Copy &amp;value</source>
        <translation>复制值(&amp;V)</translation>
    </message>
    <message>
        <source>Copy &amp;path</source>
        <translation>复制路径(&amp;P)</translation>
    </message>
    <message>
        <source>Copy &amp;subtree as JSON</source>
        <translation>以 JSON 格式复制子树(&amp;S)</translation>
    </message>
    <message>
        <source>Nothing to inspect yet</source>
        <translation>暂无可查看的内容</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>This document could not be read: {error}</source>
        <translation>无法读取此文档：{error}</translation>
    </message>
    <message>
        <source>Not valid JSON — line {line}, column {column}: {message}</source>
        <translation>不是有效的 JSON — 第 {line} 行，第 {column} 列：{message}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配项</translation>
    </message>
    <message>
        <source>{count} matches (first {shown} shown)</source>
        <translation>{count} 个匹配项（显示前 {shown} 个）</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 个匹配项</translation>
    </message>
    <message>
        <source>{count} matches</source>
        <translation>{count} 个匹配项</translation>
    </message>
    <message>
        <source>match {n} of {count}</source>
        <translation>第 {n} 个匹配项，共 {count} 个</translation>
    </message>
    <message>
        <source>Expanded the first {count} nodes; expand the rest by hand.</source>
        <translation>已展开前 {count} 个节点；其余节点请手动展开。</translation>
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
    <name>JsonTreeModel</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
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
        <source>Enter the access key (AK): one word, from My Credentials &gt; Access Keys.</source>
        <translation>请输入访问密钥 AK：不含空格，可在“我的凭证 &gt; 访问密钥”中找到。</translation>
    </message>
    <message>
        <source>Enter the AccessKey ID (one word, for example LTAI5t…).</source>
        <translation>请输入 AccessKey ID（不含空格，例如 LTAI5t…）。</translation>
    </message>
    <message>
        <source>The custom endpoint must be a URL such as https://vod.cn-north-4.myhuaweicloud.com or http://127.0.0.1:8600.</source>
        <translation>自定义接入地址必须是网址，例如 https://vod.cn-north-4.myhuaweicloud.com 或 http://127.0.0.1:8600。</translation>
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
        <source>“{region}” is not a Huawei Cloud VOD region; choose one of {choices}, or enter a custom endpoint.</source>
        <translation>“{region}”不是华为云视频点播的区域；请选择 {choices} 之一，或输入自定义接入地址。</translation>
    </message>
    <message>
        <source>Enter the secret key (SK).</source>
        <translation>请输入秘密访问密钥 SK。</translation>
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
        <source>The secret key (SK) of profile “{name}” is not in the keyring ({backend}). Enter it again in Profiles and save.</source>
        <translation>密钥环（{backend}）中没有账号配置“{name}”的秘密访问密钥 SK。请在“账号配置”中重新输入并保存。</translation>
    </message>
    <message>
        <source>The AccessKey secret of profile “{name}” is not in the keyring ({backend}). Enter it again in Profiles and save.</source>
        <translation>密钥环（{backend}）中没有账号配置“{name}”的 AccessKey Secret。请在“账号配置”中重新输入并保存。</translation>
    </message>
    <message>
        <source>The security token of profile “{name}” is not in the keyring ({backend}). Enter it again in Profiles and save.</source>
        <translation>密钥环（{backend}）中没有账号配置“{name}”的安全令牌（SecurityToken）。请在“账号配置”中重新输入并保存。</translation>
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
        <source>Connected: the AK/SK are valid and may read the media library of project {project} in {where}.</source>
        <translation>已连接：AK/SK 有效，可读取 {where} 中项目 {project} 的媒资库。</translation>
    </message>
    <message>
        <source>Connected: the key is valid and may list snapshots in {where}.</source>
        <translation>连接成功：该密钥有效，可以查询 {where} 的截图。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
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
        <source>The interface language changes when snapview starts again. Restart now?</source>
        <translation>界面语言将在 snapview 下次启动时更改。要立即重新启动吗？</translation>
    </message>
    <message>
        <source>Restart Now</source>
        <translation>立即重新启动</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>“{value}” is not a date of the calendar.</source>
        <translation>“{value}”不是日历上存在的日期。</translation>
    </message>
    <message>
        <source>“{value}” is not a valid time; use YYYY-MM-DDTHH:MM:SS, e.g. {example}.</source>
        <translation>“{value}”不是有效的时间，请使用 YYYY-MM-DDTHH:MM:SS 格式，例如 {example}。</translation>
    </message>
    <message>
        <source>“{value}” is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (with Z or +08:00 for another time zone).</source>
        <translation>“{value}”不是日期，请使用 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS 格式（其他时区请加 Z 或 +08:00）。</translation>
    </message>
    <message>
        <source>Unknown status “{value}” — did you mean {suggestion}?</source>
        <translation>未知状态“{value}”，您是否要输入 {suggestion}？</translation>
    </message>
    <message>
        <source>Unknown status “{value}”; use one of {choices}.</source>
        <translation>未知状态“{value}”，请使用以下之一：{choices}。</translation>
    </message>
    <message>
        <source>“{value}” is not a category ID; a category ID is a whole number.</source>
        <translation>“{value}”不是分类 ID，分类 ID 是一个整数。</translation>
    </message>
    <message>
        <source>The search text is too long ({length} bytes); titles have at most {max} bytes.</source>
        <translation>搜索内容过长（{length} 字节），标题最多 {max} 字节。</translation>
    </message>
    <message>
        <source>The date range is the wrong way round: it starts {since} and ends {until}. Swap the dates.</source>
        <translation>日期范围前后颠倒：开始于 {since}，结束于 {until}。请交换两个日期。</translation>
    </message>
    <message>
        <source>“{value}” is not a video ID ({length} characters; a video ID has 32 hexadecimal characters).</source>
        <translation>“{value}”不是视频 ID（{length} 个字符，视频 ID 为 32 位十六进制字符）。</translation>
    </message>
    <message>
        <source>No video ID on this line: “{value}”.</source>
        <translation>此行没有视频 ID：“{value}”。</translation>
    </message>
    <message>
        <source>A search can name at most {max} video IDs, not {count}.</source>
        <translation>一次搜索最多可指定 {max} 个视频 ID，不能是 {count} 个。</translation>
    </message>
    <message>
        <source>Only the first {limit} matches can be opened by page number; walk the library in order to go further.</source>
        <translation>按页码只能查看前 {limit} 条结果；如需更多，请按顺序遍历媒资库。</translation>
    </message>
    <message>
        <source>This AccessKey may not read the media library (it needs the {permission} permission).</source>
        <translation>此 AccessKey 无权读取媒资库（需要 {permission} 权限）。</translation>
    </message>
    <message>
        <source>The service rejected the search: {message}</source>
        <translation>服务拒绝了此次搜索：{message}</translation>
    </message>
    <message>
        <source>The library walk kept losing its place (the ScrollToken expired {count} times). Try again.</source>
        <translation>媒资库遍历多次中断（ScrollToken 已过期 {count} 次），请重试。</translation>
    </message>
    <message>
        <source>Category {category} does not exist in this account.</source>
        <translation>此账号中不存在分类 {category}。</translation>
    </message>
    <message>
        <source>This access key may not read the media library (it needs the {permission} permission).</source>
        <translation>此访问密钥无权读取媒资库（需要 {permission} 权限）。</translation>
    </message>
    <message>
        <source>This search has more than {limit} videos, and Huawei Cloud lists only the first {limit}. Narrow it by date, status or category to see the rest.</source>
        <translation>此搜索的视频超过 {limit} 个，华为云只列出前 {limit} 个。请按日期、状态或分类缩小范围以查看其余视频。</translation>
    </message>
</context>
<context>
    <name>LibraryFeature</name>
    <message>
        <source>Library</source>
        <translation>媒资库</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>媒资库(&amp;L)</translation>
    </message>
    <message>
        <source>Show the video library and move to it (Ctrl+1)</source>
        <translation>显示视频媒资库并转到该处 (Ctrl+1)</translation>
    </message>
    <message>
        <source>Choose or add a profile (Tools → Profiles) to see its video library.</source>
        <translation>请选择或添加配置（工具 → 配置），以查看其视频媒资库。</translation>
    </message>
    <message>
        <source>No video of this account is assigned to you.</source>
        <translation>此账号没有分配给您的视频。</translation>
    </message>
    <message>
        <source>Line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>There is no video ID in the pasted text.</source>
        <translation>粘贴的文本中没有视频 ID。</translation>
    </message>
    <message>
        <source>Not in this account ({count}): {ids}</source>
        <translation>不在此账号中（{count} 个）：{ids}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{total} videos ({shown} loaded)</source>
        <translation>{total} 个视频（已加载 {shown} 个）</translation>
    </message>
    <message>
        <source>{total} videos</source>
        <translation>{total} 个视频</translation>
    </message>
    <message>
        <source>No video matches these filters.</source>
        <translation>没有符合这些筛选条件的视频。</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>视频 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Snapshot job</source>
        <translation>截图任务</translation>
    </message>
    <message>
        <source>Status in the API: {status}</source>
        <translation>接口返回的状态：{status}</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>Being reviewed by {names}</source>
        <translation>{names} 正在审核</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>上传失败</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>上传完成</translation>
    </message>
    <message>
        <source>Transcoding</source>
        <translation>转码中</translation>
    </message>
    <message>
        <source>Transcoding failed</source>
        <translation>转码失败</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>屏蔽</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Production failed</source>
        <translation>合成失败</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>创建中</translation>
    </message>
    <message>
        <source>Creation failed</source>
        <translation>创建失败</translation>
    </message>
    <message>
        <source>Created</source>
        <comment>asset status</comment>
        <translation>创建成功</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Transcoded</source>
        <translation>转码成功</translation>
    </message>
    <message>
        <source>No snapshots</source>
        <translation>未截图</translation>
    </message>
    <message>
        <source>Taking snapshots</source>
        <translation>截图中</translation>
    </message>
    <message>
        <source>Snapshots taken</source>
        <translation>截图成功</translation>
    </message>
    <message>
        <source>Snapshots failed</source>
        <translation>截图失败</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>Review: suspicious</source>
        <translation>审核建议复审</translation>
    </message>
    <message>
        <source>Review passed</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Review failed</source>
        <translation>审核失败</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Blocked by review</source>
        <translation>审核屏蔽</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The cover is a black frame.</source>
        <translation>封面是黑帧。</translation>
    </message>
    <message>
        <source>The cover is one flat colour: {colour}.</source>
        <translation>封面是单一纯色：{colour}。</translation>
    </message>
    <message>
        <source>The cover did not load.</source>
        <translation>封面加载失败。</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <source>Search titles…</source>
        <translation>搜索标题…</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新优先</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早优先</translation>
    </message>
    <message>
        <source>From (2026-11-20, today)</source>
        <translation>起始（2026-11-20、今天）</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>分配给我</translation>
    </message>
    <message>
        <source>Only the videos a lead assigned to you in the team&apos;s review store</source>
        <translation>仅显示组长在团队审核库中分配给您的视频</translation>
    </message>
    <message>
        <source>Paste IDs…</source>
        <translation>粘贴 ID…</translation>
    </message>
    <message>
        <source>One or more video IDs per line</source>
        <translation>每行一个或多个视频 ID</translation>
    </message>
    <message>
        <source>Show These Videos</source>
        <translation>显示这些视频</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
</context>
<context>
    <name>ListSnapshots</name>
    <message>
        <source>URL validity {requested} s is below the minimum; using {used} s.</source>
        <translation>URL 有效期 {requested} 秒低于最小值，将使用 {used} 秒。</translation>
    </message>
    <message>
        <source>URL validity {requested} s is above the maximum; using {used} s.</source>
        <translation>URL 有效期 {requested} 秒超过最大值，将使用 {used} 秒。</translation>
    </message>
    <message>
        <source>{field} must be a whole number.</source>
        <translation>{field} 必须是整数。</translation>
    </message>
    <message>
        <source>{field} must be a whole number, not “{value}”.</source>
        <translation>{field} 必须是整数，不能是“{value}”。</translation>
    </message>
    <message>
        <source>Unknown snapshot type “{value}”; use one of {choices}.</source>
        <translation>未知的截图类型“{value}”；请使用以下之一：{choices}。</translation>
    </message>
    <message>
        <source>Enter a video ID.</source>
        <translation>请输入视频ID。</translation>
    </message>
    <message>
        <source>“{value}” is not a video ID (a video ID has no spaces or control characters and at most 128 characters).</source>
        <translation>“{value}”不是视频 ID（视频 ID 不含空格或控制字符，最多 128 个字符）。</translation>
    </message>
    <message>
        <source>Page number must be 1 or more, not {value}.</source>
        <translation>页码必须大于或等于 1，不能是 {value}。</translation>
    </message>
    <message>
        <source>Page size must be between 1 and {max}, not {value}.</source>
        <translation>每页数量必须在 1 到 {max} 之间，不能是 {value}。</translation>
    </message>
</context>
<context>
    <name>LiveAsset</name>
    <message>
        <source>Load This Asset &amp;Live</source>
        <translation>实时加载此媒资(&amp;L)</translation>
    </message>
    <message>
        <source>Load the event&apos;s media asset with a Huawei Cloud profile: its snapshots now</source>
        <translation>用华为云账号配置加载事件中的媒资：查看它当前的截图</translation>
    </message>
    <message>
        <source>The event is a record of the past. See the snapshots of asset {asset} as Huawei Cloud lists them now, with the profile “{profile}”.</source>
        <translation>事件记录的是过去的状态。使用账号配置“{profile}”，查看华为云当前列出的媒资 {asset} 的截图。</translation>
    </message>
</context>
<context>
    <name>LiveAssetBar</name>
    <message>
        <source>Load this asset live</source>
        <translation>实时加载此媒资</translation>
    </message>
</context>
<context>
    <name>LoadProgress</name>
    <message>
        <source>Reading events… %p%</source>
        <translation>正在读取事件… %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop reading the events</source>
        <translation>停止读取事件</translation>
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
        <source>&amp;Review</source>
        <translation>审核(&amp;R)</translation>
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
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>About snapview</source>
        <translation>关于 snapview</translation>
    </message>
    <message>
        <source>&lt;b&gt;snapview {version}&lt;/b&gt;&lt;br&gt;Snapshot review for Alibaba Cloud VOD and Huawei Cloud VOD.</source>
        <translation>&lt;b&gt;snapview {version}&lt;/b&gt;&lt;br&gt;阿里云视频点播与华为云视频点播截图审核工具。</translation>
    </message>
    <message>
        <source>Qt {qt} · PySide6 {pyside}&lt;br&gt;Keyboard shortcuts: F1&lt;br&gt;Log folder: {folder}</source>
        <translation>Qt {qt} · PySide6 {pyside}&lt;br&gt;键盘快捷键：F1&lt;br&gt;日志文件夹：{folder}</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Profiles…</source>
        <translation>账号配置…</translation>
    </message>
    <message>
        <source>RequestId (for a support ticket): {id}</source>
        <translation>RequestId（提交工单时使用）：{id}</translation>
    </message>
    <message>
        <source>The snapshots of the media asset {asset} are not ready yet ({status}).</source>
        <translation>媒资 {asset} 的截图尚未就绪（{status}）。</translation>
    </message>
    <message>
        <source>The video {video} is still being processed; its snapshots are listed once processing has finished.</source>
        <translation>视频 {video} 仍在处理中；处理完成后才会列出其截图。</translation>
    </message>
    <message>
        <source>Still processing</source>
        <translation>仍在处理中</translation>
    </message>
    <message>
        <source>No media asset with the ID {asset} in this project and region.</source>
        <translation>此项目和区域中没有ID为 {asset} 的媒资。</translation>
    </message>
    <message>
        <source>The media asset does not exist</source>
        <translation>媒资不存在</translation>
    </message>
    <message>
        <source>No video with the VideoId {video} in this account and region.</source>
        <translation>此账号和地域下不存在视频ID为 {video} 的视频。</translation>
    </message>
    <message>
        <source>The video does not exist</source>
        <translation>视频不存在</translation>
    </message>
    <message>
        <source>The cloud account was refused</source>
        <translation>云账号被拒绝</translation>
    </message>
    <message>
        <source>Check the profile under Profiles…</source>
        <translation>请在“账号配置…”中检查该账号配置</translation>
    </message>
    <message>
        <source>The snapshots could not be loaded</source>
        <translation>无法加载截图</translation>
    </message>
    <message>
        <source>The snapshot task failed</source>
        <translation>截图任务失败</translation>
    </message>
    <message>
        <source>Huawei Cloud could not take the snapshots of the media asset {asset}.</source>
        <translation>华为云未能为媒资 {asset} 截图。</translation>
    </message>
    <message>
        <source>Reason given by Huawei Cloud (exec_desc)</source>
        <translation>华为云给出的原因（exec_desc）</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>（未给出原因）</translation>
    </message>
    <message>
        <source>Snapshot task status: {status}</source>
        <translation>截图任务状态：{status}</translation>
    </message>
    <message>
        <source>The profile is incomplete</source>
        <translation>账号配置不完整</translation>
    </message>
    <message>
        <source>The profile&apos;s keys are not available</source>
        <translation>该账号配置的密钥不可用</translation>
    </message>
    <message>
        <source>No profile selected</source>
        <translation>未选择账号配置</translation>
    </message>
    <message>
        <source>Add a cloud account under Profiles… and select it, then load again.</source>
        <translation>请在“账号配置…”中添加云账号并选中，然后重新加载。</translation>
    </message>
    <message>
        <source>No media asset ID</source>
        <translation>没有媒资ID</translation>
    </message>
    <message>
        <source>Enter or paste one or more media asset IDs.</source>
        <translation>请输入或粘贴一个或多个媒资ID。</translation>
    </message>
    <message>
        <source>No VideoId</source>
        <translation>没有视频ID</translation>
    </message>
    <message>
        <source>Enter or paste one or more VideoIds.</source>
        <translation>请输入或粘贴一个或多个视频ID。</translation>
    </message>
    <message>
        <source>Not a media asset ID</source>
        <translation>不是媒资ID</translation>
    </message>
    <message>
        <source>Not a valid VideoId</source>
        <translation>不是有效的视频ID</translation>
    </message>
    <message>
        <source>The snapshot task of this media asset made no {kind}.</source>
        <translation>此媒资的截图任务没有生成{kind}。</translation>
    </message>
    <message>
        <source>No snapshots</source>
        <translation>没有截图</translation>
    </message>
    <message>
        <source>The latest snapshot job of this video has no {type}.</source>
        <translation>该视频最近一次截图任务中没有{type}。</translation>
    </message>
</context>
<context>
    <name>PasswordLineEdit</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the text</source>
        <translation>显示或隐藏内容</translation>
    </message>
</context>
<context>
    <name>PreviewDecision</name>
    <message>
        <source>Decision</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>No review session for this video</source>
        <translation>此视频没有审核会话</translation>
    </message>
    <message>
        <source>Decided on an earlier snapshot job</source>
        <translation>审核于较早的截图作业</translation>
    </message>
    <message>
        <source>{reviewer}, {when}</source>
        <translation>{reviewer}，{when}</translation>
    </message>
</context>
<context>
    <name>PreviewWindow</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Previous snapshot (Left, PageUp)</source>
        <translation>上一张截图（←、PageUp）</translation>
    </message>
    <message>
        <source>Next snapshot (Right, PageDown, Space)</source>
        <translation>下一张截图（→、PageDown、空格）</translation>
    </message>
    <message>
        <source>Fit to the window, small frames enlarged (F)</source>
        <translation>适应窗口，小图也会放大 (F)</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>原尺寸</translation>
    </message>
    <message>
        <source>Actual pixels (0)</source>
        <translation>实际像素 (0)</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Smooth scaling; off shows enlarged pixels as crisp squares (S)</source>
        <translation>平滑缩放；关闭后放大的像素显示为清晰的方块 (S)</translation>
    </message>
    <message>
        <source>Loupe</source>
        <translation>放大镜</translation>
    </message>
    <message>
        <source>Enlarge the pixels under the mouse 4× (L)</source>
        <translation>将鼠标下的像素放大 4 倍 (L)</translation>
    </message>
    <message>
        <source>Full Screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Full screen (F11 or double-click)</source>
        <translation>全屏（F11 或双击）</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL 地址</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态码</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Pixel size</source>
        <translation>像素尺寸</translation>
    </message>
    <message>
        <source>Load time</source>
        <translation>加载耗时</translation>
    </message>
    <message>
        <source>Preview — snapshot #{index}</source>
        <translation>预览 — 截图 #{index}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The page of this snapshot is still loading.</source>
        <translation>该截图所在的分页仍在加载。</translation>
    </message>
    <message>
        <source>The image could not be loaded</source>
        <translation>无法加载该图片</translation>
    </message>
    <message>
        <source>black frame</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>same picture as the previous snapshot</source>
        <translation>与上一张截图画面相同</translation>
    </message>
    <message>
        <source>{frame} (cell of a {sheet} sheet)</source>
        <translation>{frame}（{sheet} 雪碧图中的一格）</translation>
    </message>
    <message>
        <source>from cache</source>
        <translation>来自缓存</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Waiting for its page</source>
        <translation>等待所在页加载</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>e.g. production-shanghai</source>
        <translation>例如 production-shanghai</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Alibaba Cloud</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>Huawei Cloud</source>
        <translation>华为云</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>云厂商(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>地域(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>接入地址(&amp;E)：</translation>
    </message>
    <message>
        <source>32 hexadecimal characters (My Credentials &gt; Projects)</source>
        <translation>32 位十六进制字符（我的凭证 &gt; 项目列表）</translation>
    </message>
    <message>
        <source>Pro&amp;ject ID:</source>
        <translation>项目ID(&amp;J)：</translation>
    </message>
    <message>
        <source>V3 (ACS3-HMAC-SHA256, recommended)</source>
        <translation>V3（ACS3-HMAC-SHA256，推荐）</translation>
    </message>
    <message>
        <source>V1 (HMAC-SHA1)</source>
        <translation>V1（HMAC-SHA1）</translation>
    </message>
    <message>
        <source>Si&amp;gning:</source>
        <translation>签名版本(&amp;G)：</translation>
    </message>
    <message>
        <source>Access key (&amp;AK):</source>
        <translation>访问密钥 AK(&amp;A)：</translation>
    </message>
    <message>
        <source>e.g. HPUAXXXXXXXXXXXXXXXX</source>
        <translation>例如 HPUAXXXXXXXXXXXXXXXX</translation>
    </message>
    <message>
        <source>&amp;Secret key (SK):</source>
        <translation>秘密访问密钥 SK(&amp;S)：</translation>
    </message>
    <message>
        <source>Temporary credentials (with a security token)</source>
        <translation>临时安全凭证（带安全令牌）</translation>
    </message>
    <message>
        <source>Security &amp;token:</source>
        <translation>安全令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>AccessKey &amp;ID:</source>
        <translation>AccessKey ID(&amp;I)：</translation>
    </message>
    <message>
        <source>AccessKey &amp;secret:</source>
        <translation>AccessKey Secret(&amp;S)：</translation>
    </message>
    <message>
        <source>Use an STS security token</source>
        <translation>使用 STS 安全令牌</translation>
    </message>
    <message>
        <source>STS &amp;token:</source>
        <translation>STS 令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>Custom endpoint…</source>
        <translation>自定义接入地址…</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Profiles</source>
        <translation>账号配置</translation>
    </message>
    <message>
        <source>No profiles yet. Fill in the form on the right and press Save.</source>
        <translation>还没有账号配置。请填写右侧的表单，然后点击“保存”。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>{name} (environment variables)</source>
        <translation>{name}（环境变量）</translation>
    </message>
    <message>
        <source>{name} (this session only)</source>
        <translation>{name}（仅本次会话）</translation>
    </message>
    <message>
        <source>This profile comes from the environment variables HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID (and HUAWEICLOUD_SDK_SECURITY_TOKEN), in the region cn-north-4. It is read-only.</source>
        <translation>此账号配置来自环境变量 HUAWEICLOUD_SDK_AK、HUAWEICLOUD_SDK_SK 和 HUAWEICLOUD_SDK_PROJECT_ID（以及 HUAWEICLOUD_SDK_SECURITY_TOKEN），区域为 cn-north-4。它是只读的。</translation>
    </message>
    <message>
        <source>Paste the secret key (SK)</source>
        <translation>粘贴秘密访问密钥 SK</translation>
    </message>
    <message>
        <source>Paste the security token</source>
        <translation>粘贴安全令牌</translation>
    </message>
    <message>
        <source>Paste the AccessKey secret</source>
        <translation>粘贴 AccessKey Secret</translation>
    </message>
    <message>
        <source>Paste the STS security token</source>
        <translation>粘贴 STS 安全令牌</translation>
    </message>
    <message>
        <source>Stored in {backend} — leave empty to keep</source>
        <translation>已保存在 {backend} 中 — 留空则保持不变</translation>
    </message>
    <message>
        <source>Not shown</source>
        <translation>不显示</translation>
    </message>
    <message>
        <source>This profile comes from the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN). It is read-only.</source>
        <translation>此账号配置来自环境变量 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET（以及 ALIBABA_CLOUD_SECURITY_TOKEN），为只读。</translation>
    </message>
    <message>
        <source>This profile exists only while snapview runs (the built-in demo). It is read-only.</source>
        <translation>此账号配置仅在 snapview 运行期间存在（内置演示），为只读。</translation>
    </message>
    <message>
        <source>Not kept since snapview restarted (no keyring) — enter it again</source>
        <translation>snapview 重启后未保留（无密钥环）— 请重新输入</translation>
    </message>
    <message>
        <source>Enter the secret key (SK) again</source>
        <translation>请重新输入秘密访问密钥 SK</translation>
    </message>
    <message>
        <source>memory (this session only)</source>
        <translation>内存（仅本次会话）</translation>
    </message>
    <message>
        <source>No keyring is available: secrets are kept in memory for this session only and must be entered again after snapview restarts. Install and unlock GNOME Keyring or KWallet to keep them safely.</source>
        <translation>没有可用的密钥环：密钥仅在本次会话中保存在内存里，snapview 重启后需要重新输入。请安装并解锁 GNOME Keyring 或 KWallet 以安全保存密钥。</translation>
    </message>
    <message>
        <source>{name} copy</source>
        <translation>{name} 副本</translation>
    </message>
    <message>
        <source>{name} copy {n}</source>
        <translation>{name} 副本 {n}</translation>
    </message>
    <message>
        <source>Enter the secret key (SK) for the copy, then Save.</source>
        <translation>请为副本输入秘密访问密钥 SK，然后保存。</translation>
    </message>
    <message>
        <source>Enter the AccessKey secret for the copy, then Save.</source>
        <translation>请为副本输入 AccessKey Secret，然后保存。</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除账号配置</translation>
    </message>
    <message>
        <source>Delete the profile “{name}” and remove its secret from {backend}?</source>
        <translation>删除账号配置“{name}”，并从 {backend} 中移除其密钥？</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>已删除“{name}”。</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <source>Saved. The secret is kept in {backend}.</source>
        <translation>已保存。密钥保存在 {backend} 中。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>The keyring is locked.</source>
        <translation>密钥环已锁定。</translation>
    </message>
    <message>
        <source>The keyring does not answer.</source>
        <translation>密钥环没有响应。</translation>
    </message>
    <message>
        <source>The secret is missing.</source>
        <translation>缺少密钥。</translation>
    </message>
    <message>
        <source>Enter the AccessKey secret again</source>
        <translation>请重新输入 AccessKey Secret</translation>
    </message>
    <message>
        <source>Secrets (AccessKey secrets, Huawei SKs) and security tokens are stored in {backend}, never in a file.</source>
        <translation>密钥（AccessKey Secret、华为云 SK）和安全令牌保存在 {backend} 中，绝不写入文件。</translation>
    </message>
    <message>
        <source>The keyring cannot be used.</source>
        <translation>无法使用密钥环。</translation>
    </message>
</context>
<context>
    <name>ProviderFields</name>
    <message>
        <source>Media asset ID — paste one or several</source>
        <translation>媒资ID — 可粘贴一个或多个</translation>
    </message>
    <message>
        <source>Huawei Cloud VOD media asset IDs (32 hexadecimal characters)</source>
        <translation>华为云视频点播媒资ID（32 位十六进制字符）</translation>
    </message>
    <message>
        <source>Which snapshots of the asset to show</source>
        <translation>显示媒资的哪类截图</translation>
    </message>
    <message>
        <source>Load the snapshots of the media asset</source>
        <translation>加载媒资的截图</translation>
    </message>
    <message>
        <source>Which snapshots of the video to show</source>
        <translation>显示视频的哪类截图</translation>
    </message>
</context>
<context>
    <name>QuickFilters</name>
    <message>
        <source>Today&apos;s Uploads</source>
        <translation>今日上传</translation>
    </message>
    <message>
        <source>Videos created today, newest first</source>
        <translation>今天创建的视频，最新的在前</translation>
    </message>
    <message>
        <source>Snapshot Job Failed</source>
        <translation>截图作业失败</translation>
    </message>
    <message>
        <source>Videos whose snapshot job failed (status THUMBNAIL_FAILED)</source>
        <translation>截图作业失败的视频（状态 THUMBNAIL_FAILED）</translation>
    </message>
    <message>
        <source>Alibaba Cloud cannot search for a failed snapshot job; use a Huawei Cloud profile, or paste the IDs to check.</source>
        <translation>阿里云无法按截图作业失败搜索；请使用华为云配置，或粘贴要检查的视频 ID。</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
</context>
<context>
    <name>RawView</name>
    <message>
        <source>&amp;Wrap lines</source>
        <translation>自动换行(&amp;W)</translation>
    </message>
    <message>
        <source>The selected node is beyond the first {shown} characters the Raw tab shows; the tree has it.</source>
        <translation>所选节点位于“原文”页显示的前 {shown} 个字符之后；树形视图中有该节点。</translation>
    </message>
    <message>
        <source>The Raw tab shows the first {shown} of {total} characters; the tree has everything.</source>
        <translation>“原文”页只显示 {total} 个字符中的前 {shown} 个；树形视图包含全部内容。</translation>
    </message>
</context>
<context>
    <name>ReasonPicker</name>
    <message>
        <source>Reject because…</source>
        <translation>驳回原因…</translation>
    </message>
</context>
<context>
    <name>ResultBanner</name>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ReviewDecision</name>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>驳回时必须选择原因。</translation>
    </message>
    <message>
        <source>Only a rejection has a reason (got {reason}).</source>
        <translation>只有驳回才有原因（收到 {reason}）。</translation>
    </message>
    <message>
        <source>The comment is longer than {limit} characters.</source>
        <translation>备注超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The comment contains control characters.</source>
        <translation>备注中含有控制字符。</translation>
    </message>
    <message>
        <source>“{value}” is not a decision ID.</source>
        <translation>“{value}”不是审核记录 ID。</translation>
    </message>
    <message>
        <source>The reviewer name must be 1 to {limit} characters without control characters.</source>
        <translation>审核人名称须为 1 到 {limit} 个字符，且不含控制字符。</translation>
    </message>
    <message>
        <source>“{value}” is not a snapshot job ID.</source>
        <translation>“{value}”不是截图作业 ID。</translation>
    </message>
</context>
<context>
    <name>ReviewExport</name>
    <message>
        <source>the folder is read-only</source>
        <translation>文件夹为只读</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <source>The report could not be written to {path}: {reason}. Choose another folder and export again.</source>
        <translation>无法将报告写入 {path}：{reason}。请选择其他文件夹后重新导出。</translation>
    </message>
    <message>
        <source>Reading the decisions…</source>
        <translation>正在读取审核记录…</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
    </message>
    <message>
        <source>Asking the clouds for the pictures…</source>
        <translation>正在向云端获取截图…</translation>
    </message>
    <message>
        <source>Drawing the contact sheet…</source>
        <translation>正在生成缩略图汇总…</translation>
    </message>
</context>
<context>
    <name>ReviewFeature</name>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出审核报告(&amp;E)…</translation>
    </message>
    <message>
        <source>Every snapshot of this video has a decision</source>
        <translation>此视频的所有截图均已审核</translation>
    </message>
    <message>
        <source>Every video after this one in the list is reviewed already</source>
        <translation>列表中此视频之后的视频均已审核</translation>
    </message>
</context>
<context>
    <name>ReviewImport</name>
    <message>
        <source>{file} is empty (line {line}, column {column}).</source>
        <translation>{file} 是空文件（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} ends too early, as if it was cut off (line {line}, column {column}).</source>
        <translation>{file} 提前结束，文件可能不完整（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text (line {line}, column {column}).</source>
        <translation>{file} 不是 UTF-8 编码的文本（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} has a broken character in its text (line {line}, column {column}).</source>
        <translation>{file} 的文本中有损坏的字符（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} has more text after the end of its JSON (line {line}, column {column}).</source>
        <translation>{file} 的 JSON 结束后还有多余的内容（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a value is missing after a comma, or the comma is one too many (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：逗号后缺少值，或多了一个逗号（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a comma is missing (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：缺少逗号（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a colon is missing after a key (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：键名后缺少冒号（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a quoted key is expected, or a comma is one too many (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：此处应为带引号的键名，或多了一个逗号（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a string is not closed with a quote (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：字符串缺少结束引号（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: a line break or control character inside a string (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON：字符串中有换行符或控制字符（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is nested too deeply to read (line {line}, column {column}).</source>
        <translation>{file} 嵌套层级过深，无法读取（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not valid JSON (line {line}, column {column}).</source>
        <translation>{file} 不是有效的 JSON（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>{file} is not JSON: it starts with “{excerpt}” (line {line}, column {column}).</source>
        <translation>{file} 不是 JSON 文件：开头是“{excerpt}”（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>“{field}” must be text.</source>
        <translation>“{field}”必须是文本。</translation>
    </message>
    <message>
        <source>“{field}” is not an ISO 8601 time with a zone: “{value}”.</source>
        <translation>“{field}”不是带时区的 ISO 8601 时间：“{value}”。</translation>
    </message>
    <message>
        <source>The row is not an object.</source>
        <translation>该行不是对象。</translation>
    </message>
    <message>
        <source>“index” must be a whole number.</source>
        <translation>“index”必须是整数。</translation>
    </message>
    <message>
        <source>Unknown decision “{value}”; expected approved, rejected or not_reviewed.</source>
        <translation>未知的审核结果“{value}”；应为 approved、rejected 或 not_reviewed。</translation>
    </message>
    <message>
        <source>Unknown video verdict “{value}”.</source>
        <translation>未知的视频结论“{value}”。</translation>
    </message>
    <message>
        <source>“total” must be a whole number.</source>
        <translation>“total”必须是整数。</translation>
    </message>
    <message>
        <source>Invalid value: {error}</source>
        <translation>无效的值：{error}</translation>
    </message>
    <message>
        <source>The file is not a snapview review export (no &quot;format&quot;: &quot;snapview-review&quot;).</source>
        <translation>文件不是 snapview 审核导出文件（缺少 &quot;format&quot;: &quot;snapview-review&quot;）。</translation>
    </message>
    <message>
        <source>The file&apos;s format_version “{value}” is not valid.</source>
        <translation>文件的 format_version“{value}”无效。</translation>
    </message>
    <message>
        <source>The file was written by a newer snapview (format {version}; this version reads format {supported}). Rows it can read are imported; fields it does not know are ignored and rows it cannot read are skipped.</source>
        <translation>该文件由更新版本的 snapview 写入（格式 {version}；本版本可读取格式 {supported}）。能读取的行会被导入；不认识的字段将被忽略，无法读取的行将被跳过。</translation>
    </message>
    <message>
        <source>The file has no &quot;decisions&quot; list.</source>
        <translation>文件中没有 &quot;decisions&quot; 列表。</translation>
    </message>
    <message>
        <source>Decision {id} appears twice in the file.</source>
        <translation>审核记录 {id} 在文件中出现了两次。</translation>
    </message>
</context>
<context>
    <name>ReviewKey</name>
    <message>
        <source>The {field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <source>The {field} is longer than {limit} characters.</source>
        <translation>{field}超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The {field} “{value}” contains spaces or control characters.</source>
        <translation>{field}“{value}”含有空格或控制字符。</translation>
    </message>
    <message>
        <source>Unknown provider “{value}”; use aliyun or huawei.</source>
        <translation>未知的云厂商“{value}”；请使用 aliyun 或 huawei。</translation>
    </message>
    <message>
        <source>The account label looks like an AccessKey ID; name the account instead (review keys never hold credentials).</source>
        <translation>账号标签看起来像 AccessKey ID；请改用账号名称（审核记录的键中绝不保存凭证）。</translation>
    </message>
    <message>
        <source>Unknown snapshot type “{value}” for {provider}; use one of: {known}.</source>
        <translation>{provider} 没有截图类型“{value}”；可用类型：{known}。</translation>
    </message>
    <message>
        <source>Snapshot index {value} is not a whole number from 1.</source>
        <translation>截图序号 {value} 不是从 1 开始的整数。</translation>
    </message>
</context>
<context>
    <name>ReviewMarks</name>
    <message>
        <source>Decided on an earlier snapshot job: the pictures have changed since</source>
        <translation>审核基于较早的截图作业：此后截图已更换</translation>
    </message>
</context>
<context>
    <name>ReviewReason</name>
    <message>
        <source>Black frame</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>Frozen or duplicate</source>
        <translation>画面静止或重复</translation>
    </message>
    <message>
        <source>Wrong cover</source>
        <translation>封面错误</translation>
    </message>
    <message>
        <source>Misaligned sprite</source>
        <translation>雪碧图错位</translation>
    </message>
    <message>
        <source>Broken link</source>
        <translation>链接失效</translation>
    </message>
    <message>
        <source>Expired link</source>
        <translation>链接已过期</translation>
    </message>
    <message>
        <source>Corrupt image</source>
        <translation>图片损坏</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>Blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>Letterbox or wrong aspect</source>
        <translation>黑边或宽高比错误</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Unknown reject reason “{reason}”; use one of: {known}.</source>
        <translation>未知的驳回原因“{reason}”；可用原因：{known}。</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <source>Video {video}</source>
        <translation>视频 {video}</translation>
    </message>
    <message>
        <source>{count} videos</source>
        <translation>{count} 个视频</translation>
    </message>
    <message>
        <source>Every reviewed video</source>
        <translation>所有已审核视频</translation>
    </message>
    <message>
        <source>No cloud access for this export</source>
        <translation>本次导出无法访问云端</translation>
    </message>
    <message>
        <source>Not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Snapshot review report</source>
        <translation>截图审核报告</translation>
    </message>
    <message>
        <source>{scope} · generated {time} by {reviewer}</source>
        <translation>{scope} · 由 {reviewer} 生成于 {time}</translation>
    </message>
    <message>
        <source>Decisions from {first} to {last}</source>
        <translation>审核时间：{first} 至 {last}</translation>
    </message>
    <message>
        <source>Stale (job replaced)</source>
        <translation>已过时（作业已替换）</translation>
    </message>
    <message>
        <source>Videos: {count}</source>
        <translation>视频：{count}</translation>
    </message>
    <message>
        <source>Snapshots reviewed: {count}</source>
        <translation>已审核截图：{count}</translation>
    </message>
    <message>
        <source>Rejections by reason</source>
        <translation>按原因统计的驳回</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Decisions by reviewer</source>
        <translation>按审核人统计</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>另有 {count} 人</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>已过时</translation>
    </message>
    <message>
        <source>{account} · reviewed {reviewed} of {total} · approved {approved} · rejected {rejected} · stale {stale}</source>
        <translation>{account} · 已审核 {reviewed}/{total} · 通过 {approved} · 驳回 {rejected} · 已过时 {stale}</translation>
    </message>
    <message>
        <source>Verdict set by {reviewer} (derived: {derived}): {comment}</source>
        <translation>结论由 {reviewer} 设定（自动结论：{derived}）：{comment}</translation>
    </message>
    <message>
        <source>{video} (continued)</source>
        <translation>{video}（续）</translation>
    </message>
    <message>
        <source>Decided on an earlier snapshot job; its picture is no longer available</source>
        <translation>该审核针对的是较早的截图作业，对应图片已不可用</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Corrupt image (cannot be decoded)</source>
        <translation>图片损坏（无法解码）</translation>
    </message>
    <message>
        <source>snapview review report</source>
        <translation>snapview 审核报告</translation>
    </message>
    <message>
        <source>No credentials for account {account}</source>
        <translation>没有账号 {account} 的凭证</translation>
    </message>
    <message>
        <source>Not in the current snapshot job (Total {total})</source>
        <translation>不在当前截图作业中（共 {total} 张）</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>Link expired or refused (HTTP {status})</source>
        <translation>链接已过期或被拒绝（HTTP {status}）</translation>
    </message>
    <message>
        <source>Image not available (HTTP {status})</source>
        <translation>图片不可用（HTTP {status}）</translation>
    </message>
    <message>
        <source>Image too large</source>
        <translation>图片过大</translation>
    </message>
    <message>
        <source>Not an image ({type})</source>
        <translation>不是图片（{type}）</translation>
    </message>
</context>
<context>
    <name>ReviewServer</name>
    <message>
        <source>The database URL is not valid; write it as postgresql://USER@HOST:PORT/DATABASE (one host, a numeric port).</source>
        <translation>数据库 URL 无效；请写成 postgresql://USER@HOST:PORT/DATABASE（一个主机，端口为数字）。</translation>
    </message>
    <message>
        <source>A shared review store URL starts with postgresql://.</source>
        <translation>共享审核库的 URL 以 postgresql:// 开头。</translation>
    </message>
    <message>
        <source>A password inside the database URL is not accepted: the URL is saved in the settings and shown on screen. Leave it out and store the password in the keyring with “snapview review login --db postgresql://USER@HOST:PORT/DATABASE”.</source>
        <translation>数据库 URL 中不能包含密码：URL 会保存在设置中并显示在屏幕上。请去掉密码，并用“snapview review login --db postgresql://USER@HOST:PORT/DATABASE”将密码保存到系统密钥环。</translation>
    </message>
    <message>
        <source>The database URL needs a server and a database: postgresql://USER@HOST:PORT/DATABASE.</source>
        <translation>数据库 URL 需要包含服务器和数据库：postgresql://USER@HOST:PORT/DATABASE。</translation>
    </message>
    <message>
        <source>The database URL needs the user to log in as: postgresql://USER@HOST:PORT/DATABASE.</source>
        <translation>数据库 URL 需要包含登录用户：postgresql://USER@HOST:PORT/DATABASE。</translation>
    </message>
    <message>
        <source>The database URL has an unknown parameter “{name}”; allowed are: {allowed}.</source>
        <translation>数据库 URL 含有未知参数“{name}”；允许的参数：{allowed}。</translation>
    </message>
    <message>
        <source>sslmode must be one of {modes} in the database URL.</source>
        <translation>数据库 URL 中的 sslmode 必须是以下之一：{modes}。</translation>
    </message>
    <message>
        <source>connect_timeout in the database URL is a number of seconds from 1 to 120.</source>
        <translation>数据库 URL 中的 connect_timeout 为 1 到 120 之间的秒数。</translation>
    </message>
</context>
<context>
    <name>ReviewStatusLine</name>
    <message>
        <source>Approved {n}</source>
        <translation>通过 {n}</translation>
    </message>
    <message>
        <source>Rejected {n}</source>
        <translation>驳回 {n}</translation>
    </message>
    <message>
        <source>Not reviewed {n} of {total}</source>
        <translation>未审核 {n} / 共 {total}</translation>
    </message>
    <message>
        <source>{n} from an earlier job</source>
        <translation>{n} 条来自旧作业</translation>
    </message>
    <message>
        <source>Verdict: {verdict} (set by {reviewer})</source>
        <translation>结论：{verdict}（由 {reviewer} 设定）</translation>
    </message>
    <message>
        <source>Verdict: {verdict} (derived)</source>
        <translation>结论：{verdict}（自动推导）</translation>
    </message>
    <message>
        <source>{n} of {total} videos reviewed</source>
        <translation>已审核 {n}/{total} 个视频</translation>
    </message>
    <message>
        <source>Reviewer: {name}</source>
        <translation>审核人：{name}</translation>
    </message>
</context>
<context>
    <name>ReviewStore</name>
    <message>
        <source>Cannot save review decisions: {location} is read-only. They are kept in memory and saved as soon as the file can be written.</source>
        <translation>无法保存审核结果：{location} 是只读的。结果暂存在内存中，文件可写后会立即保存。</translation>
    </message>
    <message>
        <source>Cannot save review decisions: the disk holding {location} is full. They are kept in memory and saved as soon as there is space.</source>
        <translation>无法保存审核结果：{location} 所在的磁盘已满。结果暂存在内存中，有空间后会立即保存。</translation>
    </message>
    <message>
        <source>Cannot save review decisions: another program has locked {location} for more than {seconds} seconds. They are kept in memory and saved when it lets go.</source>
        <translation>无法保存审核结果：另一个程序锁定 {location} 已超过 {seconds} 秒。结果暂存在内存中，锁释放后会保存。</translation>
    </message>
    <message>
        <source>Cannot save review decisions: the disk reported an error writing {location}. They are kept in memory and saved on the next attempt.</source>
        <translation>无法保存审核结果：写入 {location} 时磁盘报告错误。结果暂存在内存中，下次尝试时会保存。</translation>
    </message>
    <message>
        <source>Cannot open the review store {location} ({detail}). Decisions are kept in memory and saved once it can be opened.</source>
        <translation>无法打开审核数据库 {location}（{detail}）。结果暂存在内存中，能打开后会保存。</translation>
    </message>
    <message>
        <source>The review store {location} is damaged and cannot be used. Decisions are kept in memory; move the file aside (snapview then starts a new one) or export them.</source>
        <translation>审核数据库 {location} 已损坏，无法使用。结果暂存在内存中；请移走该文件（snapview 会新建一个）或先导出结果。</translation>
    </message>
    <message>
        <source>Cannot reach the review store {location} ({detail}). Decisions are kept in memory and saved when it is back.</source>
        <translation>无法连接审核数据库 {location}（{detail}）。结果暂存在内存中，恢复连接后会保存。</translation>
    </message>
    <message>
        <source>{location}: this snapview was built without the PostgreSQL driver (psycopg), so it cannot use a shared review store. Give a file path, or install snapview with psycopg.</source>
        <translation>{location}：此 snapview 构建时未包含 PostgreSQL 驱动（psycopg），无法使用共享审核库。请指定文件路径，或安装带 psycopg 的 snapview。</translation>
    </message>
    <message>
        <source>{location} is not a snapview review store; choose another file.</source>
        <translation>{location} 不是 snapview 审核数据库；请选择其他文件。</translation>
    </message>
    <message>
        <source>The review store {location} was made by a newer snapview (schema {found}; this version knows up to {known}). Update snapview, or use another store.</source>
        <translation>审核数据库 {location} 由更新版本的 snapview 创建（结构版本 {found}；本版本最高支持 {known}）。请升级 snapview，或使用其他数据库。</translation>
    </message>
    <message>
        <source>Working offline: the shared review store {location} cannot be reached ({detail}). Decisions are kept on this computer in {queue} and uploaded when it is back.</source>
        <translation>离线工作：无法连接共享审核库 {location}（{detail}）。审核结果暂存在本机 {queue} 中，连接恢复后自动上传。</translation>
    </message>
    <message>
        <source>The shared review store {location} refused the login ({detail}). Store the password with “snapview review login --db {location}”. Decisions are kept in {queue} meanwhile.</source>
        <translation>共享审核库 {location} 拒绝登录（{detail}）。请用“snapview review login --db {location}”保存密码。在此期间审核结果暂存在 {queue} 中。</translation>
    </message>
    <message>
        <source>The shared review store {location} does not let {user} write ({detail}). Decisions are kept in {queue}; ask whoever runs the server to grant the role access (docs/team.md).</source>
        <translation>共享审核库 {location} 不允许 {user} 写入（{detail}）。审核结果暂存在 {queue} 中；请联系服务器管理员为该角色授权（docs/team.md）。</translation>
    </message>
    <message>
        <source>The server of the shared review store {location} is out of disk space. Decisions are kept in {queue} and uploaded when there is space.</source>
        <translation>共享审核库 {location} 的服务器磁盘空间已满。审核结果暂存在 {queue} 中，有空间后自动上传。</translation>
    </message>
    <message>
        <source>Cannot open the shared review store {location} ({detail}). Decisions are kept in {queue} and uploaded once it can be opened.</source>
        <translation>无法打开共享审核库 {location}（{detail}）。审核结果暂存在 {queue} 中，可以打开后自动上传。</translation>
    </message>
    <message>
        <source>The shared review store {location} reported an error ({detail}). Decisions are kept in {queue} and uploaded on the next attempt.</source>
        <translation>共享审核库 {location} 报告错误（{detail}）。审核结果暂存在 {queue} 中，下次尝试时上传。</translation>
    </message>
    <message>
        <source>The database {location} has a “snapview” schema that is not a snapview review store; choose another database.</source>
        <translation>数据库 {location} 中的“snapview”模式不是 snapview 审核库；请选择其他数据库。</translation>
    </message>
</context>
<context>
    <name>ReviewUndo</name>
    <message>
        <source>Approve {count} snapshot(s)</source>
        <translation>通过 {count} 张截图</translation>
    </message>
    <message>
        <source>Reject {count} snapshot(s)</source>
        <translation>驳回 {count} 张截图</translation>
    </message>
    <message>
        <source>Clear {count} snapshot(s)</source>
        <translation>清除 {count} 张截图的审核结果</translation>
    </message>
</context>
<context>
    <name>ReviewVerdict</name>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需关注</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>A video&apos;s verdict can be set to passed, failed or needs attention.</source>
        <translation>视频结论只能设为合格、不合格或需关注。</translation>
    </message>
    <message>
        <source>The comment is longer than {limit} characters.</source>
        <translation>备注超过 {limit} 个字符。</translation>
    </message>
</context>
<context>
    <name>ReviewerControl</name>
    <message>
        <source>Reviewer &amp;Name…</source>
        <translation>审核人姓名(&amp;N)…</translation>
    </message>
</context>
<context>
    <name>ReviewerDialog</name>
    <message>
        <source>Reviewer Name</source>
        <translation>审核人姓名</translation>
    </message>
    <message>
        <source>Your name is recorded with every decision and shown in reports. Leave it empty to use your login name ({user}).</source>
        <translation>您的姓名会随每条审核结果记录，并显示在报告中。留空则使用登录名（{user}）。</translation>
    </message>
</context>
<context>
    <name>ScanFeature</name>
    <message>
        <source>Defects</source>
        <translation>缺陷</translation>
    </message>
    <message>
        <source>&amp;Scan Video</source>
        <translation>扫描视频(&amp;S)</translation>
    </message>
    <message>
        <source>Check every snapshot of this video for defects (Ctrl+Shift+S)</source>
        <translation>检查该视频的每一张截图是否有缺陷（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>&amp;Cancel Scan</source>
        <translation>取消扫描(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next Defect</source>
        <translation>下一个缺陷(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Defect</source>
        <translation>上一个缺陷(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Defects Panel</source>
        <translation>缺陷面板(&amp;D)</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>The scan could not run: {reason}</source>
        <translation>无法进行扫描：{reason}</translation>
    </message>
    <message>
        <source>{count} snapshots could not be checked because of a problem on this computer, not the video. Fix it and scan again.</source>
        <translation>有 {count} 张截图因本机问题（而非视频问题）未能检查。请解决后重新扫描。</translation>
    </message>
    <message>
        <source>Snapshot #{index}</source>
        <translation>截图 #{index}</translation>
    </message>
    <message>
        <source>No flagged snapshots</source>
        <translation>没有被标记的截图</translation>
    </message>
</context>
<context>
    <name>ScanFindings</name>
    <message>
        <source>Black frames</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>Uniform colour</source>
        <translation>纯色画面</translation>
    </message>
    <message>
        <source>Blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>Letterbox bars</source>
        <translation>黑边</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>画面冻结</translation>
    </message>
    <message>
        <source>Repeated frames</source>
        <translation>重复画面</translation>
    </message>
    <message>
        <source>Wrong aspect ratio</source>
        <translation>宽高比异常</translation>
    </message>
    <message>
        <source>Misaligned sprite sheets</source>
        <translation>雪碧图错位</translation>
    </message>
    <message>
        <source>Could not be loaded</source>
        <translation>无法加载</translation>
    </message>
    <message>
        <source>Not checked (problem on this computer)</source>
        <translation>未检查（本机问题）</translation>
    </message>
    <message>
        <source>Snapshot job</source>
        <translation>截图作业</translation>
    </message>
    <message>
        <source>BLACK</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>FLAT</source>
        <translation>纯色</translation>
    </message>
    <message>
        <source>BLUR</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>BARS</source>
        <translation>黑边</translation>
    </message>
    <message>
        <source>FROZEN</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>REPEAT</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>ASPECT</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>SPRITE</source>
        <translation>雪碧图</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Not found (404)</source>
        <translation>不存在（404）</translation>
    </message>
    <message>
        <source>Link expired (still 403 after a fresh link)</source>
        <translation>链接已过期（换新链接后仍为 403）</translation>
    </message>
    <message>
        <source>Access denied (403)</source>
        <translation>拒绝访问（403）</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>Corrupt or truncated image</source>
        <translation>图片损坏或不完整</translation>
    </message>
    <message>
        <source>Empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>Unusable link</source>
        <translation>链接不可用</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>Problem on this computer</source>
        <translation>本机问题</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>灰色</translation>
    </message>
    <message>
        <source>black</source>
        <translation>黑色</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白色</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>magenta</source>
        <translation>品红色</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>cyan</source>
        <translation>青色</translation>
    </message>
    <message>
        <source>solid {colour} ({rgb})</source>
        <translation>纯{colour}（{rgb}）</translation>
    </message>
    <message>
        <source>{side} {px} px</source>
        <translation>{side} {px} 像素</translation>
    </message>
    <message>
        <source>top</source>
        <translation>上</translation>
    </message>
    <message>
        <source>bottom</source>
        <translation>下</translation>
    </message>
    <message>
        <source>left</source>
        <translation>左</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右</translation>
    </message>
    <message>
        <source>(even bars: info only)</source>
        <translation>（上下/左右对称：仅提示）</translation>
    </message>
    <message>
        <source>run #{start}–#{end}, {length} frames</source>
        <translation>#{start}–#{end} 连续 {length} 帧</translation>
    </message>
    <message>
        <source>same picture as #{index}</source>
        <translation>与 #{index} 画面相同</translation>
    </message>
    <message>
        <source>{width}×{height}, the others are {expected}</source>
        <translation>{width}×{height}，其余为 {expected}</translation>
    </message>
    <message>
        <source>sharpness {value}</source>
        <translation>清晰度 {value}</translation>
    </message>
    <message>
        <source>Count mismatch</source>
        <translation>数量不符</translation>
    </message>
    <message>
        <source>Total says {total}, {listed} listed</source>
        <translation>Total 为 {total}，实际列出 {listed} 张</translation>
    </message>
    <message>
        <source>Missing or repeated indexes</source>
        <translation>序号缺失或重复</translation>
    </message>
    <message>
        <source>The snapshot job failed</source>
        <translation>截图作业失败</translation>
    </message>
    <message>
        <source>Still processing</source>
        <translation>仍在处理中</translation>
    </message>
    <message>
        <source>Snapshot #{index}</source>
        <translation>截图 #{index}</translation>
    </message>
</context>
<context>
    <name>ServerPasswordDialog</name>
    <message>
        <source>Shared Review Store</source>
        <translation>共享审核库</translation>
    </message>
    <message>
        <source>The review decisions of your team are kept on a database server. Enter the password of your login on it; it is checked before it is kept.</source>
        <translation>您团队的审核结果保存在数据库服务器上。请输入您在该服务器上的登录密码；保存前会先验证。</translation>
    </message>
    <message>
        <source>Remember in keyring</source>
        <translation>在密钥环中记住</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Checking the password with the server…</source>
        <translation>正在向服务器验证密码…</translation>
    </message>
    <message>
        <source>The server refused this password for {user}. Nothing was kept; try again.</source>
        <translation>服务器拒绝了 {user} 的此密码。未保存任何内容，请重试。</translation>
    </message>
    <message>
        <source>The password could not be checked: {error}</source>
        <translation>无法验证密码：{error}</translation>
    </message>
</context>
<context>
    <name>SessionOnlyBanner</name>
    <message>
        <source>&lt;b&gt;No keyring found — AccessKey secrets are kept for this session only.&lt;/b&gt; You will have to enter them again after snapview restarts; they are never written to disk. To keep them safely, install and unlock GNOME Keyring (gnome-keyring) or KWallet, then restart snapview.</source>
        <translation>&lt;b&gt;未找到密钥环 — AccessKey Secret 仅在本次会话中保留。&lt;/b&gt;snapview 重启后需要重新输入；密钥绝不会写入磁盘。如需安全保存，请安装并解锁 GNOME Keyring（gnome-keyring）或 KWallet，然后重启 snapview。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Main window</source>
        <translation>主窗口</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Search commands or keys</source>
        <translation>搜索命令或按键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>No shortcut matches the search.</source>
        <translation>没有与搜索匹配的快捷键。</translation>
    </message>
</context>
<context>
    <name>SnapshotGridModel</name>
    <message>
        <source>The page could not be loaded: {error}</source>
        <translation>无法加载该分页：{error}</translation>
    </message>
    <message>
        <source>Page failed</source>
        <translation>分页加载失败</translation>
    </message>
    <message>
        <source>Snapshot #{index}</source>
        <translation>截图 #{index}</translation>
    </message>
    <message>
        <source>Black frame</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>Same picture as the previous snapshot</source>
        <translation>与上一张截图画面相同</translation>
    </message>
    <message>
        <source>The frame lies outside its sprite sheet</source>
        <translation>该帧超出了所在雪碧图的范围</translation>
    </message>
    <message>
        <source>Outside sheet</source>
        <translation>超出雪碧图</translation>
    </message>
</context>
<context>
    <name>SnapshotKind</name>
    <message>
        <source>Interval (sample)</source>
        <translation>间隔截图（sample）</translation>
    </message>
    <message>
        <source>Time points (dots)</source>
        <translation>打点截图（dots）</translation>
    </message>
    <message>
        <source>Evenly spaced (quantity)</source>
        <translation>等量截图（quantity）</translation>
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
<context>
    <name>Sprites</name>
    <message>
        <source>Sprite settings out of range (cells {columns}×{lines} of {width}×{height} px, padding {padding}, margin {margin}).</source>
        <translation>雪碧图参数超出范围（{columns}×{lines} 个小图，每个 {width}×{height} 像素，间距 {padding}，边距 {margin}）。</translation>
    </message>
    <message>
        <source>The sprite settings are not a JSON object.</source>
        <translation>雪碧图参数不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The sprite settings lack {field}.</source>
        <translation>雪碧图参数缺少 {field}。</translation>
    </message>
    <message>
        <source>{field} is not a whole number: “{value}”.</source>
        <translation>{field} 不是整数：“{value}”。</translation>
    </message>
</context>
<context>
    <name>ThumbnailGridView</name>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Save image(s)…</source>
        <translation>保存图片…</translation>
    </message>
    <message>
        <source>Copied {n} URL(s)</source>
        <translation>已复制 {n} 个 URL</translation>
    </message>
    <message>
        <source>The image could not be copied: {reason}</source>
        <translation>无法复制图片：{reason}</translation>
    </message>
    <message>
        <source>Image copied ({width}×{height})</source>
        <translation>已复制图片（{width}×{height}）</translation>
    </message>
    <message>
        <source>Opened the snapshot in the browser.</source>
        <translation>已在浏览器中打开截图。</translation>
    </message>
    <message>
        <source>No browser could be opened on this desktop; the link was copied to the clipboard instead.</source>
        <translation>此桌面无法打开浏览器，已将链接复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save images to folder</source>
        <translation>将图片保存到文件夹</translation>
    </message>
    <message>
        <source>Saved {saved} image(s) to {folder}</source>
        <translation>已将 {saved} 张图片保存到 {folder}</translation>
    </message>
    <message>
        <source>{n} failed</source>
        <translation>{n} 张失败</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>{status} Not found</source>
        <translation>{status} 未找到</translation>
    </message>
    <message>
        <source>Link expired</source>
        <translation>链接已过期</translation>
    </message>
    <message>
        <source>Undecodable</source>
        <translation>无法解码</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <source>HTTP {status}</source>
        <translation>HTTP 错误 {status}</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>BLACK</source>
        <translation>黑帧</translation>
    </message>
    <message>
        <source>DUP</source>
        <translation>重复</translation>
    </message>
</context>
<context>
    <name>TriageKeys</name>
    <message>
        <source>&amp;Approve</source>
        <translation>通过(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>驳回(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Clear Decision</source>
        <translation>清除审核(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Undo Decision</source>
        <translation>撤销审核(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;do Decision</source>
        <translation>重做审核(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Next Unreviewed</source>
        <translation>下一个未审核(&amp;N)</translation>
    </message>
    <message>
        <source>Reject: {reason}</source>
        <translation>驳回：{reason}</translation>
    </message>
    <message>
        <source>Auto-&amp;advance After a Decision</source>
        <translation>审核后自动前进(&amp;A)</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>截图网格</translation>
    </message>
</context>
<context>
    <name>VerdictDialog</name>
    <message>
        <source>Video Verdict</source>
        <translation>视频结论</translation>
    </message>
    <message>
        <source>Comment (why this verdict):</source>
        <translation>备注（给出此结论的原因）：</translation>
    </message>
    <message>
        <source>Verdict of video {video}</source>
        <translation>视频 {video} 的结论</translation>
    </message>
    <message>
        <source>From the snapshot decisions (now: {verdict})</source>
        <translation>根据截图审核结果推导（当前：{verdict}）</translation>
    </message>
    <message>
        <source>The comment is longer than {limit} characters.</source>
        <translation>备注超过 {limit} 个字符。</translation>
    </message>
</context>
<context>
    <name>VideoFeature</name>
    <message>
        <source>&amp;Previous Video</source>
        <translation>上一个视频(&amp;P)</translation>
    </message>
    <message>
        <source>Previous video of the pasted list (Alt+PgUp)</source>
        <translation>粘贴列表中的上一个视频（Alt+PgUp）</translation>
    </message>
    <message>
        <source>&amp;Next Video</source>
        <translation>下一个视频(&amp;N)</translation>
    </message>
    <message>
        <source>Next video of the pasted list (Alt+PgDown)</source>
        <translation>粘贴列表中的下一个视频（Alt+PgDown）</translation>
    </message>
    <message>
        <source>Split &amp;Frames</source>
        <translation>拆分帧(&amp;F)</translation>
    </message>
    <message>
        <source>Show each cell of the sprite sheets as its own tile, with its time</source>
        <translation>将雪碧图的每一格显示为单独的缩略图，并标出时间</translation>
    </message>
    <message>
        <source>Loading {video}…</source>
        <translation>正在加载 {video}…</translation>
    </message>
    <message>
        <source>Loading the visible snapshots…</source>
        <translation>正在加载可见的截图…</translation>
    </message>
    <message>
        <source>Page {page} failed: {reason}</source>
        <translation>第 {page} 页加载失败：{reason}</translation>
    </message>
    <message>
        <source>video {n} of {count}</source>
        <translation>第 {n} 个视频，共 {count} 个</translation>
    </message>
</context>
<context>
    <name>VideoNavigation</name>
    <message>
        <source>&amp;Go To…</source>
        <translation>转到(&amp;G)…</translation>
    </message>
    <message>
        <source>Focus the &amp;VideoId Field</source>
        <translation>定位到 &amp;VideoId 输入框</translation>
    </message>
    <message>
        <source>&amp;Reload Video</source>
        <translation>重新加载视频(&amp;R)</translation>
    </message>
    <message>
        <source>Retry &amp;Failed Tiles</source>
        <translation>重试失败的缩略图(&amp;F)</translation>
    </message>
    <message>
        <source>Retry {n} failed</source>
        <translation>重试 {n} 个失败项</translation>
    </message>
    <message>
        <source>No loaded snapshot has a time; go to a snapshot number instead.</source>
        <translation>已加载的截图没有时间信息，请改为转到截图序号。</translation>
    </message>
</context>
<context>
    <name>VideoStatus</name>
    <message>
        <source>Video {video}</source>
        <translation>视频 {video}</translation>
    </message>
    <message>
        <source>Job {job}</source>
        <translation>任务 {job}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>创建于 {time}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>共 {total} 张</translation>
    </message>
    <message>
        <source>Asset {asset}</source>
        <translation>媒资 {asset}</translation>
    </message>
    <message>
        <source>Task {task}</source>
        <translation>截图任务 {task}</translation>
    </message>
    <message>
        <source>{n} frames</source>
        <translation>{n} 帧</translation>
    </message>
    <message>
        <source>Loaded {loaded} of {total}</source>
        <translation>已加载 {loaded}/{total}</translation>
    </message>
    <message>
        <source>{fetched} of {count} pages fetched</source>
        <translation>已获取 {fetched}/{count} 页</translation>
    </message>
    <message>
        <source>{n} failed</source>
        <translation>{n} 张失败</translation>
    </message>
</context>
<context>
    <name>VideoVerdictControl</name>
    <message>
        <source>Set Video &amp;Verdict…</source>
        <translation>设置视频结论(&amp;V)…</translation>
    </message>
</context>
<context>
    <name>VodError</name>
    <message>
        <source>The video does not exist (in this region and account). Check the video ID and the profile&apos;s region.</source>
        <translation>视频不存在（在此地域和账号下）。请检查视频ID和账号配置的地域。</translation>
    </message>
    <message>
        <source>The video is still processing — snapshots are listed once it is ready. Try again in a moment.</source>
        <translation>视频仍在处理中 — 处理完成后才会列出截图。请稍后重试。</translation>
    </message>
    <message>
        <source>This AccessKey is disabled. Enable it in the RAM console or use another key.</source>
        <translation>此 AccessKey 已被禁用。请在 RAM 控制台中启用，或使用其他 AccessKey。</translation>
    </message>
    <message>
        <source>The AccessKey ID is not known to Alibaba Cloud. Check the AccessKey ID of this profile.</source>
        <translation>阿里云无法识别该 AccessKey ID。请检查此账号配置的 AccessKey ID。</translation>
    </message>
    <message>
        <source>The STS security token is invalid or has expired. Get a new token for this profile.</source>
        <translation>STS 安全令牌无效或已过期。请为此账号配置获取新的令牌。</translation>
    </message>
    <message>
        <source>The AccessKey secret is wrong: the request signature did not match. Check the secret of this profile.</source>
        <translation>AccessKey Secret 错误：请求签名不匹配。请检查此账号配置的 AccessKey Secret。</translation>
    </message>
    <message>
        <source>This AccessKey is not allowed to list snapshots (it needs vod:ListSnapshots): {detail}.</source>
        <translation>此 AccessKey 无权查询截图（需要 vod:ListSnapshots 权限）：{detail}。</translation>
    </message>
    <message>
        <source>This AccessKey is not allowed to list snapshots (it needs the vod:ListSnapshots permission).</source>
        <translation>此 AccessKey 无权查询截图（需要 vod:ListSnapshots 权限）。</translation>
    </message>
    <message>
        <source>ApsaraVideo VOD is not activated for this account, or the account is overdue or suspended.</source>
        <translation>此账号未开通视频点播服务，或账号已欠费、已停用。</translation>
    </message>
    <message>
        <source>The request time was rejected: this computer&apos;s clock is {skew} behind the server&apos;s. Check the system clock.</source>
        <translation>请求时间被拒绝：本机时钟比服务器慢 {skew}。请检查系统时钟。</translation>
    </message>
    <message>
        <source>The request time was rejected: this computer&apos;s clock is {skew} ahead of the server&apos;s. Check the system clock.</source>
        <translation>请求时间被拒绝：本机时钟比服务器快 {skew}。请检查系统时钟。</translation>
    </message>
    <message>
        <source>The request time was rejected. Check the system clock (date, time and time zone).</source>
        <translation>请求时间被拒绝。请检查系统时钟（日期、时间和时区）。</translation>
    </message>
    <message>
        <source>Alibaba Cloud is throttling requests ({code}). Try again in a moment.</source>
        <translation>阿里云正在对请求限流（{code}）。请稍后重试。</translation>
    </message>
    <message>
        <source>The VOD service is temporarily unavailable ({code}). Try again in a moment.</source>
        <translation>视频点播服务暂时不可用（{code}）。请稍后重试。</translation>
    </message>
    <message>
        <source>{message}</source>
        <translation>{message}</translation>
    </message>
    <message>
        <source>The request was rejected as invalid: {message}</source>
        <translation>请求无效，已被拒绝：{message}</translation>
    </message>
    <message>
        <source>Could not reach the VOD service: {message}. Check the network connection and the endpoint.</source>
        <translation>无法连接视频点播服务：{message}。请检查网络连接和接入地址。</translation>
    </message>
    <message>
        <source>The VOD service returned an error: {code}: {message}</source>
        <translation>视频点播服务返回错误：{code}：{message}</translation>
    </message>
    <message>
        <source>The media asset does not exist in this project. Check the asset ID, the region and the project ID.</source>
        <translation>该项目中不存在此媒资。请检查媒资ID、区域和项目ID。</translation>
    </message>
    <message>
        <source>No snapshots have been taken of this asset yet (no snapshot task has run). Start one in the VOD console, then try again.</source>
        <translation>此媒资尚未截图（没有运行过截图任务）。请在视频点播控制台发起截图后重试。</translation>
    </message>
    <message>
        <source>Huawei Cloud is still taking this asset&apos;s snapshots — they are listed once the task has finished. Try again in a moment.</source>
        <translation>华为云仍在为此媒资截图——任务完成后即可列出截图。请稍后重试。</translation>
    </message>
    <message>
        <source>Huawei Cloud could not take this asset&apos;s snapshots: {exec_desc}. Run the snapshot task again in the VOD console.</source>
        <translation>华为云未能为此媒资截图：{exec_desc}。请在视频点播控制台重新执行截图任务。</translation>
    </message>
    <message>
        <source>Huawei Cloud did not accept the identity of this request. Check the project ID (it must be the project of this region) and the AK/SK.</source>
        <translation>华为云未通过此请求的身份认证。请检查项目ID（必须是该区域的项目）和 AK/SK。</translation>
    </message>
    <message>
        <source>The access key (AK) is not known to Huawei Cloud. Check the AK of this profile.</source>
        <translation>华为云不存在此访问密钥（AK）。请检查此配置的 AK。</translation>
    </message>
    <message>
        <source>The security token of these temporary credentials is invalid or has expired. Get new temporary credentials.</source>
        <translation>临时凭证的安全令牌（SecurityToken）无效或已过期。请获取新的临时凭证。</translation>
    </message>
    <message>
        <source>The secret key (SK) is wrong: the request signature did not match. Check the SK of this profile.</source>
        <translation>秘密访问密钥（SK）错误：请求签名不匹配。请检查此配置的 SK。</translation>
    </message>
    <message>
        <source>This IAM user is not allowed to read VOD media assets. Grant it a VOD read-only policy (VOD ReadOnlyAccess) in IAM.</source>
        <translation>此 IAM 用户无权读取视频点播媒资。请在统一身份认证服务（IAM）中为其授予视频点播只读权限（VOD ReadOnlyAccess）。</translation>
    </message>
    <message>
        <source>The Huawei Cloud account cannot use VOD yet (real-name authentication, arrears or a frozen account).</source>
        <translation>此华为云账号暂不能使用视频点播（未实名认证、欠费或账号已冻结）。</translation>
    </message>
    <message>
        <source>Huawei Cloud is throttling requests ({code}). Try again in a moment.</source>
        <translation>华为云正在对请求限流（{code}）。请稍后重试。</translation>
    </message>
    <message>
        <source>Some pages of snapshots could not be listed ({pages}): {reason} The {count} snapshots that were listed are kept.</source>
        <translation>部分快照分页未能获取（{pages}）：{reason} 已获取的 {count} 张快照已保留。</translation>
    </message>
</context>
<context>
    <name>WebVtt</name>
    <message>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <source>No WEBVTT header.</source>
        <translation>缺少 WEBVTT 文件头。</translation>
    </message>
    <message>
        <source>Not a WebVTT file (it starts with “{start}”).</source>
        <translation>不是 WebVTT 文件（文件以“{start}”开头）。</translation>
    </message>
    <message>
        <source>The file has no cues.</source>
        <translation>文件中没有字幕块（cue）。</translation>
    </message>
    <message>
        <source>No cue timing (“start --&gt; end”).</source>
        <translation>缺少 cue 时间（“开始 --&gt; 结束”）。</translation>
    </message>
    <message>
        <source>Cannot read the cue times “{timing}”.</source>
        <translation>无法读取 cue 时间“{timing}”。</translation>
    </message>
    <message>
        <source>The cue ends before it starts.</source>
        <translation>该 cue 的结束时间早于开始时间。</translation>
    </message>
    <message>
        <source>The cue has no image.</source>
        <translation>该 cue 没有图片。</translation>
    </message>
    <message>
        <source>Cannot read the image region “{fragment}”.</source>
        <translation>无法读取图片区域“{fragment}”。</translation>
    </message>
    <message>
        <source>Cannot read the image link “{link}”.</source>
        <translation>无法读取图片链接“{link}”。</translation>
    </message>
</context>
</TS>
