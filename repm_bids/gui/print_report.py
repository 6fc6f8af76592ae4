"""File › Print the report… and Export the report as PDF…: the current evaluation (totals, ranking and award,
waiting list, bids not qualified with their reasons) as one document, printed through the system's print dialog
(which also prints to a PDF file) or written straight to a PDF."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from repm_bids.domain.result import Evaluation
from repm_bids.gui.formats import fmt_when, indian, rupees


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{body}</table>"


def report_html(ev: Evaluation, title: str) -> str:
    s, sm = ev.scheme, ev.summary
    unit = s.capacity_unit
    parts = [
        f"<h2>{escape(title)}</h2>",
        f"<p>Evaluated {escape(fmt_when(ev.evaluated_at))}. {indian(sm.bids_received)} bids received, "
        f"{indian(sm.qualified)} qualified, {indian(sm.beneficiaries)} beneficiaries. Capacity awarded "
        f"{indian(sm.capacity_awarded)} of {indian(s.total_capacity)} {escape(unit)}; incentive liability "
        f"{rupees(sm.incentive_liability_crore_total, 2)} crore of the {rupees(s.incentive_outlay_crore)} crore "
        "outlay.</p>",
        "<h3>Ranking and award</h3>",
        _table(
            [
                "Rank",
                "Bid",
                "Bidder",
                "Quote (₹/kg)",
                f"Awarded ({unit})",
                "Liability",
                "Status",
            ],
            [
                [
                    indian(o.rank) if o.rank else "",
                    o.bid_ref or "",
                    o.bidder_name or "",
                    rupees(o.quoted_incentive),
                    indian(o.awarded),
                    rupees(o.incentive_liability_crore, 2, "cr"),
                    o.status.label,
                ]
                for o in ev.ranked()
            ],
        ),
    ]
    others = ev.rejected()
    if others:
        parts += [
            "<h3>Bids not qualified</h3>",
            _table(
                ["Bid", "Bidder", "Status", "Reasons"],
                [[o.bid_ref or "", o.bidder_name or "", o.status.label, "; ".join(o.reasons)] for o in others],
            ),
        ]
    return "".join(parts)


def document(ev: Evaluation, title: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(report_html(ev, title))
    return doc


def a4_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def print_report(parent: QWidget, ev: Evaluation, title: str, printer: Any = None) -> bool:
    """The system's print dialog, then the report printed (or written to the PDF file chosen there)."""
    printer = printer or a4_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the report")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document(ev, title).print_(printer)
    return True


def pdf_bytes(ev: Evaluation, title: str) -> bytes:
    """The report as a PDF, made in memory. Safe on a worker thread (a text document painted on a PDF writer, no
    widget): every Qt object made here is deleted here, before returning."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setTitle(title)
    doc = document(ev, title)
    doc.print_(writer)
    del doc, writer
    buffer.close()
    del buffer
    return bytes(data.data())


def export_pdf(ev: Evaluation, title: str, path: str) -> None:
    """Write the report to `path` whole or not at all (raises io.atomic.WriteFailed with a sentence)."""
    from repm_bids.io.atomic import write_bytes_atomic

    write_bytes_atomic(path, pdf_bytes(ev, title))
