"""PDF rendering with WeasyPrint, shared by the laboratory and certification.

WeasyPrint sets Pillow's process-wide `ImageFile.LOAD_TRUNCATED_IMAGES = True` when it
is imported. That would make every later image check in the process (registry photos,
uploaded documents) accept truncated files, so it is imported here only, and the flag
is put back as it was.
"""

from functools import cache


@cache
def weasyprint():
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint as module

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return module


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    return weasyprint().HTML(string=html, base_url=base_url).write_pdf()
