"""One report carried through every stage, and its front matter."""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

from .annotate import Annotation
from .chars import count_han
from .checklist import Checklist
from .evidence import Evidence
from .glossary import TermHit
from .laws import Citation
from .metadata import Metadata
from .metrics import Metric
from .normalize import NormalizedText
from .places import code_for, full_name
from .schema import EVIDENCE_FIELDS, EVIDENCE_PHRASE_MAX, FIELD_NAMES, FIELDS, check_value
from .sources import SourceText
from .structure import Document
from .topics import TopicAssignment

#: The place fields, province first; an editor's correction of one recomputes the code.
PLACE_ORDER = ("province", "city", "county", "township")
PLACE_FIELDS = frozenset(PLACE_ORDER)
#: Fields a derived value may be missing from (and an editor may give).
NULLABLE_EDITABLE = tuple(f.name for f in FIELDS if f.nullable and f.editable)


@dataclass
class Report:
    id: str
    source: SourceText
    normalized: NormalizedText
    document: Document
    metadata: Metadata
    corrections: dict[str, Any] = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    checklist: Checklist | None = None
    topics: TopicAssignment | None = None
    related: list = field(default_factory=list)  # related.Related, set once all are read
    terms: list[TermHit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    #: Candidate glossary phrases (glossary.report_phrases), found where the report is converted.
    phrases: set[str] | None = None
    #: Doubts about the report's input that do not stop it (sidecar.Sidecar.warnings).
    warnings: list[str] = field(default_factory=list)
    #: File name of the sidecar the corrections came from (the evidence of a corrected value).
    sidecar_name: str = ""

    def slim(self) -> None:
        """Let go of what only the per-report stages read: the received bytes and text and the
        normalised lines. The collection stages hold every report at once (10,000 of them in
        a few GB), and they read the document, the findings and the front matter only."""
        self.front_matter()  # computed from the full report, kept from here on
        self.source = replace(self.source, raw=b"", text="")
        self.normalized = replace(self.normalized, lines=[])

    def law_records(self) -> list[dict[str, Any]]:
        """Documents this report cites, once each, in order of first citation."""
        seen: dict[str, dict[str, Any]] = {}
        for citation in self.citations:
            law = citation.law
            entry = seen.setdefault(
                law.id,
                {"id": law.id, "title": law.title, "kind": law.kind, "citations": 0, "anchors": []},
            )
            entry["citations"] += 1
            if citation.paragraph not in entry["anchors"]:
                entry["anchors"].append(citation.paragraph)
        return list(seen.values())

    def term_counts(self) -> dict[str, int]:
        """Glossary entry id → occurrences in this report, in glossary order of first use."""
        counts: dict[str, int] = {}
        for hit in self.terms:
            counts[hit.term.id] = counts.get(hit.term.id, 0) + 1
        return counts

    _front_matter: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        """Site-relative URL of the report page (mkdocs.yml sets ``use_directory_urls: false``)."""
        return f"reports/{self.id}.html"

    def metric_records(self) -> list[dict[str, Any]]:
        """The metrics as published in reports.json and metrics.csv."""
        return [
            {
                "id": m.id,
                "value": m.value,
                "unit": m.unit,
                "label": m.label,
                "kind": m.kind,
                "approx": m.approx,
                "indicator": m.indicator,
                "action": m.action,
                "thing": m.thing,
                "scope": m.scope,
                "scope_note": m.scope_note,
                "period": m.period,
                "period_note": m.period_note,
                "source": m.source,
                "excluded_from": m.excluded_from,
                "excluded_because": m.excluded_because,
                "section": list(m.section),
                "context": m.context,
                "text": m.text,
                "anchor": m.anchor,
                "url": f"{self.url}#{m.anchor}",
            }
            for m in self.metrics
        ]

    @property
    def page_path(self) -> str:
        return f"reports/{self.id}.md"

    def clean_text(self) -> str:
        """The title, headings, paragraphs and sign-off, one per line: the text ``char_count``
        counts, and the text of data/corpus.jsonl."""
        doc = self.document
        return "\n".join(
            [doc.title.text if doc.title else "", doc.body_text]
            + [line.text for line in (doc.signoff.lines if doc.signoff else [])]
        )

    def front_matter(self) -> dict[str, Any]:
        """Every schema field in schema order; an editor's corrections win."""
        if self._front_matter is None:
            self._front_matter = self._compute_front_matter()
        return self._front_matter

    def _compute_front_matter(self) -> dict[str, Any]:
        meta = self.metadata
        place = meta.locality
        derived: dict[str, Any] = {
            "id": self.id,
            "source_file": self.source.name,
            "sha256": self.source.sha256,
            "source_format": self.source.format,
            "source_url": self.source.page.url if self.source.page else None,
            "encoding": self.source.encoding,
            "script": self.normalized.script,
            "char_count": count_han(self.clean_text()),
            "title": meta.title,
            "title_derived": meta.title_derived,
            "doc_type": meta.doc_type,
            "report_year": meta.report_year,
            "plan_year": meta.plan_year,
            "publish_date": _iso(meta.publish_date),
            "signed_date": _iso(meta.signed_date),
            "issuer": meta.issuer,
            "province": place.province,
            "city": place.city,
            "county": place.county,
            "township": place.township,
            "division_code": place.code,
            "township_alternatives": [
                {"code": code, "place": full_name(code) or code} for code in place.alternatives
            ],
            "anonymized": meta.anonymized,
            "locality_evidence": list(place.evidence),
            "evidence": {},  # of the values published, once corrections are applied
            "edited_fields": [],
            "processing": {
                "pinyin_glosses_removed": self.normalized.glosses_removed,
                "lines_joined": self.normalized.lines_joined,
                # Navigation, panels and lead-ins above the title are page furniture too.
                "chrome_removed": [
                    text
                    for _, text in sorted(
                        [(c.number, c.text) for c in self.normalized.chrome]
                        + [(line.number, line.received) for line in self.document.page_head]
                    )
                ],
                "repeated_titles_removed": len(self.document.repeated_titles),
                **(
                    {
                        "extractor": self.source.extractor,
                        "extractor_removed": list(self.source.removed),
                    }
                    if self.source.extractor
                    else {}
                ),
            },
        }
        self._drop_invalid(derived)
        if PLACE_FIELDS & self.corrections.keys() and "division_code" not in self.corrections:
            merged = {**derived, **self.corrections}
            derived["division_code"] = code_for([merged[name] for name in PLACE_ORDER])
        if PLACE_FIELDS & self.corrections.keys():
            # The editor decided the place: the namesakes the text left open are settled.
            derived["township_alternatives"] = []
        edited = [name for name, value in self.corrections.items() if derived[name] != value]
        derived.update(self.corrections)
        derived["edited_fields"] = edited
        derived["evidence"] = self._evidence(derived, edited)
        assert list(derived) == list(FIELD_NAMES), "front matter out of step with the schema"
        return derived

    def _drop_invalid(self, derived: dict[str, Any]) -> None:
        """A value read from the text that the schema refuses (an issuer line of 300
        characters, a year 1900) is left empty with a warning: the report is still published,
        and an editor can give the value in a sidecar."""
        for name in NULLABLE_EDITABLE:
            problems = check_value(name, derived[name]) if name not in self.corrections else []
            if problems:
                derived[name] = None
                self.warnings.append(
                    f"{self.source.path}: {'; '.join(problems)} (read from the text; left "
                    f"empty, give it in a sidecar)"
                )

    def _evidence(self, values: dict[str, Any], edited: list[str]) -> dict[str, dict[str, str]]:
        """Where each published value of :data:`EVIDENCE_FIELDS` came from: the text's rule, or
        the sidecar for a value an editor changed (the text's reason no longer holds). A field
        without a value has no entry; a phrase longer than the schema allows is shortened, and
        the cut marked with "…"."""
        out: dict[str, dict[str, str]] = {}
        for name in EVIDENCE_FIELDS:
            if values[name] is None:
                continue
            if name in edited:
                sidecar = self.sidecar_name or f"{self.source.name.rsplit('.', 1)[0]}.yml"
                evidence = Evidence(f"{sidecar}: {name}: {values[name]}", "sidecar")
            elif name in self.metadata.evidence:
                evidence = self.metadata.evidence[name]
            else:
                continue
            record = evidence.record()
            record["phrase"] = _shortened(record["phrase"], EVIDENCE_PHRASE_MAX)
            problems = check_value("evidence", {name: record})
            if problems:
                self.warnings.append(
                    f"{self.source.path}: {'; '.join(problems)} (read from the text; the "
                    f"evidence of {name} is left out)"
                )
                continue
            out[name] = record
        return out


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _iso(day) -> str | None:
    return day.isoformat() if day else None


#: Longest report id: its files (``<id>.original.html``, the writer's temporary names) stay
#: well within the 255 bytes a file name may have.
ID_MAX = 100


def report_id(file_name: str) -> str:
    """A stable, URL-safe id from a file name: ``000_fd46….txt`` → ``000_fd46…``.

    Names with non-ASCII characters keep their ASCII part and gain a checksum of the full
    name, so ``余杭街道2020.txt`` and ``谢家湾街道2020.txt`` stay distinct. An id longer than
    :data:`ID_MAX` is cut and gains the checksum too, so long names sharing a start stay apart.
    """
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    folded = unicodedata.normalize("NFKC", stem).lower()
    ascii_part = re.sub(r"[^a-z0-9_-]+", "-", folded).strip("-_")
    if folded.isascii() and ascii_part and len(ascii_part) <= ID_MAX:
        return ascii_part
    checksum = f"{zlib.crc32(stem.encode('utf-8')):08x}"
    ascii_part = ascii_part[: ID_MAX - len(checksum) - 1].rstrip("-_")
    return f"{ascii_part}-{checksum}" if ascii_part else f"report-{checksum}"
