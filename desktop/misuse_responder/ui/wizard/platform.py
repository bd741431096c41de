"""Report to the platform: its routes from guides/, shown honestly, and the reference."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from misuse_responder.guidance.guides import Platform, Route
from misuse_responder.i18n import _, ngettext
from misuse_responder.store import cases
from misuse_responder.ui.widgets.basics import LinkRow, banner, clear_layout, heading, text_label
from misuse_responder.ui.widgets.plain_words import explain_page
from misuse_responder.ui.wizard import labels
from misuse_responder.ui.wizard.base import BasePage

PLATFORM_STEP = "report-to-platform"


def route_box(title: str, route: Route, checked: str) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(text_label(route.how))
    if route.note:
        layout.addWidget(text_label(route.note))
    layout.addWidget(text_label(labels.confidence(route.confidence, checked), bold=True))
    for link in route.links:
        layout.addWidget(LinkRow(link.label, link.url))
    return box


class PlatformPage(BasePage):
    def build(self) -> None:
        self.setTitle(_("Report to the platform"))
        self.setSubTitle(_("How to report it, what to cite, and the reference you are given."))
        self.holder = QWidget()
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.content.addWidget(self.holder)
        form = QFormLayout()
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("The platform's report reference"))
        self.reference.setPlaceholderText(_("The number or reference the platform gave you"))
        form.addRow(_("Report reference"), self.reference)
        self.content.addLayout(form)
        self.due = text_label("")
        self.due.setAccessibleName(_("Reply due"))
        self.content.addWidget(self.due)
        self.content.addStretch(1)

    def _clear(self) -> None:
        clear_layout(self.holder_layout)

    def load(self) -> None:
        self._clear()
        platform = self.ctx.guides.platforms.get(self.ctx.state.platform)
        add = self.holder_layout.addWidget
        if platform is None:
            add(banner(self._not_listed_text()))
        else:
            self._show(platform)
        self.reference.setText(self.ctx.state.references.get(PLATFORM_STEP, ""))
        self.due.setText(self._due_text())
        explain_page(self, self.ctx.guides.glossary)

    def _not_listed_text(self) -> str:
        """Where to turn for a platform the directory lacks, with POSH's own contact details."""
        text = _(
            "This platform is not in the app's directory. Use its own Help or Report pages, "
            "and ask POSH (the Professionals Online Safety Helpline) if you are stuck."
        )
        return f"{text} {self._posh_contact()}".strip()

    def _posh_contact(self) -> str:
        """POSH's phone, email and hours from guides/services.yaml ("" if it has none)."""
        posh = self.ctx.guides.services.get("posh")
        if posh is None or not (posh.phone and posh.email):
            return ""
        return _("POSH: phone {phone}, email {email} ({hours}).").format(
            phone=posh.phone, email=posh.email, hours=posh.hours or ""
        )

    def _show(self, p: Platform) -> None:
        add = self.holder_layout.addWidget
        checked = p.checked.strftime("%d/%m/%Y")
        add(heading(p.name))
        add(text_label(_("Directory entry last checked on {date}.").format(date=checked)))
        self.notice = banner(labels.not_confirmed_notice())
        add(self.notice)
        wanted = self.ctx.platform_referrals()
        shown: list[tuple[str, Route]] = []
        if "platform" in wanted:
            shown.append((_("Report the content"), p.report_content))
            if p.non_user_route is not None:
                shown.append((_("If you have no account or cannot see it"), p.non_user_route))
        if "platform-underage" in wanted:
            shown.append((_("Report an account of a child under 13"), p.under_13))
        if "platform-impersonation" in wanted:
            shown.append((_("Report a fake (impersonation) account"), p.impersonation))
        for title, route in shown:
            add(route_box(title, route, checked))
        who = QGroupBox(_("Who may report"))
        wl = QVBoxLayout(who)
        wl.addWidget(text_label(p.who_can_report.how))
        wl.addWidget(text_label(labels.confidence(p.who_can_report.confidence, checked), bold=True))
        add(who)
        add(route_box(_("Which rules to cite"), p.rules_to_cite, checked))
        add(route_box(_("How long a reply may take"), p.response_time, checked))
        confidences = [r.confidence for _t, r in shown] + [
            p.who_can_report.confidence,
            p.rules_to_cite.confidence,
            p.response_time.confidence,
        ]
        self.notice.setVisible(any(c != "confirmed" for c in confidences))
        routes = [r for _t, r in shown] + [p.who_can_report, p.rules_to_cite, p.response_time]
        if (
            any("POSH" in f"{r.how} {getattr(r, 'note', None) or ''}" for r in routes)
            and self._posh_contact()
        ):
            add(text_label(self._posh_contact(), selectable=True))  # the page sends staff there

    def _due_text(self) -> str:
        """When to look for the platform's reply: the follow-up the guides hang on the report."""
        case_id = self.ctx.state.case_id
        if case_id is None:
            return ""
        steps = self.ctx.guides.steps
        waiting = [
            (a, f)
            for a in cases.detail(case_id).actions
            if a.step_id in steps
            and (f := steps[a.step_id].follow_up) is not None
            and f.after == PLATFORM_STEP
        ]
        for action, _follow in waiting:
            if action.due_at is not None:
                when = action.due_at.astimezone().strftime("%d/%m/%Y %H:%M")
                return _("{label}: due by {when}.").format(label=action.due_label, when=when)
        if not waiting:
            return ""
        follow = waiting[0][1]
        return ngettext(
            "Once you have reported it and noted the reference, check for a reply after "
            "{hours} hour: {label}.",
            "Once you have reported it and noted the reference, check for a reply after "
            "{hours} hours: {label}.",
            follow.hours,
        ).format(hours=follow.hours, label=follow.label)

    def save(self) -> None:
        text = self.reference.text().strip()
        if text:
            self.ctx.state.references[PLATFORM_STEP] = text
            self.ctx.state.referred[PLATFORM_STEP] = True
        else:
            self.ctx.state.references.pop(PLATFORM_STEP, None)
