"""The decoded picture every pixel detector reads: a plain ``Frame(width, height, rgb)`` buffer of
packed 8-bit RGB triples, row by row without padding, so core never needs Qt to look at pixels.

The scanner decodes each snapshot at most :data:`WORKING_WIDTH` pixels wide (the size the blur
threshold was measured at, RESEARCH §4.3) and hands the result over as a Frame; tests build Frames
from Pillow images. Pillow is used inside core only as pure computation on this buffer.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

# The width the blur threshold is defined at (variance of the Laplacian depends on resolution).
WORKING_WIDTH = 320


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """A decoded picture: ``rgb`` holds ``width * height`` packed RGB triples."""

    width: int
    height: int
    rgb: bytes

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1:
            raise ValueError(f"a frame needs a positive size, got {self.width}×{self.height}")
        if len(self.rgb) != self.width * self.height * 3:
            raise ValueError(
                f"{self.width}×{self.height} RGB needs {self.width * self.height * 3} bytes, "
                f"got {len(self.rgb)}"
            )

    @classmethod
    def from_image(cls, image: Image.Image) -> Frame:
        """A Frame of a Pillow image (converted to RGB)."""
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        return cls(rgb.width, rgb.height, rgb.tobytes())

    def to_image(self) -> Image.Image:
        return Image.frombytes("RGB", (self.width, self.height), self.rgb)

    def working_image(self) -> Image.Image:
        """The picture scaled to :data:`WORKING_WIDTH` wide (never enlarged), aspect kept."""
        return at_working_width(self.to_image())


def at_working_width(image: Image.Image) -> Image.Image:
    """``image`` (RGB) scaled to :data:`WORKING_WIDTH` wide (never enlarged), aspect kept."""
    if image.width > WORKING_WIDTH:
        height = max(1, round(image.height * WORKING_WIDTH / image.width))
        image = image.resize((WORKING_WIDTH, height), Image.Resampling.BOX)
    return image
