"""The laboratory's data, one module per part:

- reference: standards and editions, test methods, parameters, specifications;
- instruments: instruments and calibration records;
- samples: samples, photos, chain of custody, number counters;
- analyses: analyses, results, verifications;
- reports: test reports (Sertifikat Hasil Uji);
- signatories: who may authorise test reports, per scope.
"""

from .analyses import (
    OPEN_ANALYSIS,
    Analysis,
    AnalysisStatus,
    Replacement,
    Result,
    Verification,
)
from .instruments import Calibration, Instrument, calibration_document_path
from .reference import (
    Parameter,
    Specification,
    Standard,
    StandardVersion,
    TestMethod,
    random_name,
)
from .reports import ReportStatus, TestReport, report_pdf_path
from .samples import (
    Condition,
    Counter,
    CustodyAction,
    CustodyEvent,
    Disposal,
    Sample,
    SamplePhoto,
    sample_photo_path,
)
from .signatories import ReportSignatory

__all__ = [
    "OPEN_ANALYSIS",
    "Analysis",
    "AnalysisStatus",
    "Calibration",
    "Condition",
    "Counter",
    "CustodyAction",
    "CustodyEvent",
    "Disposal",
    "Instrument",
    "Parameter",
    "Replacement",
    "ReportSignatory",
    "ReportStatus",
    "TestReport",
    "report_pdf_path",
    "Result",
    "Sample",
    "SamplePhoto",
    "Specification",
    "Standard",
    "StandardVersion",
    "TestMethod",
    "Verification",
    "calibration_document_path",
    "random_name",
    "sample_photo_path",
]
