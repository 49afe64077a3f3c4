from PIL import ImageFile
from pypdf import PdfReader

from kriya.core.pdf import html_to_pdf


def test_pdf_renders_and_leaves_pillow_strict_about_truncated_images(tmp_path):
    pdf = html_to_pdf("<h1>Sertifikat</h1>", base_url=str(tmp_path))
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    assert "Sertifikat" in PdfReader(path).pages[0].extract_text()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
