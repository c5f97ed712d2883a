"""Report figures: the province's quarterly monev PDF (2026-Q2, the NTB demo data: 10
regencies) drawn by WeasyPrint — the median of three runs after a warm-up (target under 10 s)
— with its page count and size, and the time of its content alone (the engine's figures,
charts and map, before any layout)."""

from __future__ import annotations

import io
import statistics
import time

PERIOD = "2026-Q2"
REPEAT = 3


def run():
    from django.utils import translation
    from pypdf import PdfReader

    from ucj.demo.loader import load_demo
    from ucj.reports.monev import monev_report, render_monev_pdf

    load_demo()
    translation.activate("id")
    render_monev_pdf(period=PERIOD)  # warm-up: WeasyPrint's imports, fonts, templates
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        content = render_monev_pdf(period=PERIOD)
        timings.append(time.perf_counter() - start)
    content_timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        report = monev_report(period=PERIOD)
        content_timings.append(time.perf_counter() - start)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    translation.deactivate()
    return [
        (f"monev_pdf_quarter_{len(report.pages)}_regions", round(statistics.median(timings), 2),
         "s"),
        ("monev_pdf_pages", pages, "pages"),
        ("monev_pdf_size_kb", round(len(content) / 1024), "kB"),
        ("monev_content_median_ms", round(statistics.median(content_timings) * 1000, 1), "ms"),
    ]
