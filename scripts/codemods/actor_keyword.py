"""Codemod: the person acting on a service transition is the keyword `actor` (issue 16).

Services took the acting person as `by`, `reviewer`, `instructor`, `acting_user`, ... This
script renames, for every function in TABLE, the parameter in the definition (and each use of
it in the body, scope-aware) and the keyword at every call site across the repository:
`func(..., by=x)`, `module.func(..., by=x)`, `functools.partial(func, by=x)`.

Call sites are resolved through the imports (libcst's FullyQualifiedNameProvider, relative
imports and package re-exports included). A call that cannot be resolved through the imports
(`obj.func(...)`, a function kept in a variable) is renamed when its name is unique in the
table; anything else is reported, as are calls that pass `**kwargs` without the old keyword
and references to a table function that are not calls (a dispatch dict, a default value).

Idempotent: once renamed, no definition has the old parameter and no call the old keyword,
so a second run changes nothing. Run it on the merged tree, then read the report.

libcst is a tool for this script only, not a dependency of the product:

    .venv/bin/pip install libcst==1.9.0
    .venv/bin/python scripts/codemods/actor_keyword.py            # rewrite files in place
    .venv/bin/python scripts/codemods/actor_keyword.py --check    # list what would change
    .venv/bin/ruff format .                                       # re-wrap the changed lines

A new service (merged from another branch) that still takes `by` is not touched until a row
is added to TABLE; `--check` after the run plus `grep -rn "by=" */services*` find them.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import (
    FullRepoManager,
    FullyQualifiedNameProvider,
    ParentNodeProvider,
    PositionProvider,
    ScopeProvider,
)

NEW = "actor"

# (module, function, old parameter name). Only the person who acts is renamed; a parameter that
# names the subject (the applicant whose license it is, the examiner being assigned, the
# candidate of a sitting being scheduled) keeps its name.
# Where the person acting is also the subject, the parameter becomes `actor` only when the
# function checks who acts (a role, or that the record is theirs): apply_for_cohort,
# declare_ready, file_appeal, save_answers/autosave_answer, submit_attempt, resubmit.
# Left as the subject on purpose (they set the record's owner and check no permission):
# register_applicant(user), save_profile(user), submit_license/submit_credential(applicant),
# start_attempt(candidate: the checks are the candidate's eligibility), grant_consent/
# withdraw_consent(applicant), export_personal_data(person). Work with no person acting
# (issue_if_earned, flag_for_review, expire_and_remind, sweeps) takes no actor and audits as
# accounts.actors.SYSTEM.
TABLE: list[tuple[str, str, str]] = [
    # accounts
    ("accounts.services", "_check_role_manager", "by"),
    ("accounts.services", "grant_role", "by"),
    ("accounts.services", "revoke_role", "by"),
    ("accounts.services", "resubmit", "by"),
    ("accounts.services", "_require_reviewer", "reviewer"),
    ("accounts.services", "start_review", "reviewer"),
    ("accounts.services", "_decide", "reviewer"),
    ("accounts.services", "verify_submission", "reviewer"),
    ("accounts.services", "_supersede", "by"),
    ("accounts.services", "reject_submission", "reviewer"),
    ("accounts.services", "change_jurisdiction_rules", "by"),
    ("accounts.discipline", "_require_admin", "by"),
    ("accounts.discipline", "_act", "by"),
    ("accounts.discipline", "suspend_license", "by"),
    ("accounts.discipline", "revoke_license", "by"),
    ("accounts.discipline", "lift_suspension", "by"),
    ("accounts.discipline", "verify_on_appeal", "by"),
    ("accounts.discipline", "_ask_reverification", "by"),
    ("accounts.discipline", "confirm_reverification", "by"),
    ("accounts.mfa", "reset_second_factor", "acting_user"),
    ("accounts.monitoring", "_require_admin", "by"),
    ("accounts.monitoring", "record_import", "by"),
    ("accounts.monitoring", "decide_match", "by"),
    # programs
    ("programs.services.enrollment", "_set_status", "by"),
    ("programs.services.enrollment", "apply_for_cohort", "applicant"),
    ("programs.services.enrollment", "_seat_or_waitlist", "by"),
    ("programs.services.enrollment", "approve_enrollment", "by"),
    ("programs.services.enrollment", "withdraw_enrollment", "by"),
    ("programs.services.enrollment", "complete_enrollment", "by"),
    ("programs.services.hands_on", "_check_can_log", "by"),
    ("programs.services.hands_on", "log_session", "by"),
    ("programs.services.hands_on", "resubmit_session", "by"),
    ("programs.services.hands_on", "correct_verified_session", "by"),
    ("programs.services.hands_on", "_check_supervised_by", "instructor"),
    ("programs.services.hands_on", "verify_session", "instructor"),
    ("programs.services.hands_on", "return_session", "instructor"),
    ("programs.services.hands_on", "add_follow_up", "by"),
    ("programs.services.setup", "_require_admin", "by"),
    ("programs.services.setup", "create_program", "by"),
    ("programs.services.setup", "update_program", "by"),
    ("programs.services.setup", "add_module", "by"),
    ("programs.services.setup", "update_module", "by"),
    ("programs.services.setup", "delete_module", "by"),
    ("programs.services.setup", "add_treatment_area", "by"),
    ("programs.services.setup", "update_treatment_area", "by"),
    ("programs.services.setup", "delete_treatment_area", "by"),
    ("programs.services.setup", "change_hands_on_requirements", "by"),
    ("programs.services.setup", "create_cohort", "by"),
    ("programs.services.setup", "update_cohort", "by"),
    ("programs.services.theory", "_check_teaches", "instructor"),
    ("programs.services.theory", "record_module_completion", "instructor"),
    # exams
    ("exams.services.practical._common", "_require_admin", "by"),
    ("exams.services.practical.examday", "record_identity_check", "by"),
    ("exams.services.practical.examday", "cancel_sitting", "by"),
    ("exams.services.practical.examday", "mark_no_show", "by"),
    ("exams.services.practical.examday", "_close", "by"),
    ("exams.services.practical.examday", "reschedule_sitting", "by"),
    ("exams.services.practical.examday", "declare_ready", "candidate"),
    ("exams.services.practical.results", "_set_result", "by"),
    ("exams.services.practical.results", "resolve_flagged_sitting", "by"),
    ("exams.services.practical.rubrics", "create_rubric", "by"),
    ("exams.services.practical.rubrics", "revise_rubric", "by"),
    ("exams.services.practical.rubrics", "set_cut_score", "by"),
    ("exams.services.practical.rubrics", "apply_regression_cut", "by"),
    ("exams.services.practical.scheduling", "schedule_sitting", "by"),
    ("exams.services.practical.scheduling", "assign_examiner", "by"),
    ("exams.services.practical.scheduling", "remove_examiner", "by"),
    ("exams.services.practical.scoring", "_lock_own_form", "by"),
    ("exams.services.practical.scoring", "save_draft", "by"),
    ("exams.services.practical.scoring", "submit_scores", "by"),
    ("exams.services.written_setup", "save_exam", "by"),
    ("exams.services.written", "grant_accommodation", "by"),
    ("exams.services.written", "save_answers", "candidate"),
    ("exams.services.written", "autosave_answer", "candidate"),
    ("exams.services.written", "_save_answers", "candidate"),
    ("exams.services.written", "_submit", "by"),
    ("exams.services.written", "submit_attempt", "by"),
    ("exams.services.written_bank", "require_admin", "user"),
    ("exams.services.written_bank", "create_question", "by"),
    ("exams.services.written_bank", "edit_question", "by"),
    ("exams.services.written_bank", "save_vignette", "by"),
    ("exams.services.written_corrections", "propose_correction", "by"),
    ("exams.services.written_corrections", "discard_correction", "by"),
    ("exams.services.written_corrections", "apply_correction", "by"),
    ("exams.services.written_import", "import_bank", "by"),
    # certification
    ("certification.services", "_create_pending", "by"),
    ("certification.services", "_require_admin", "user"),
    ("certification.services", "revoke_certificate", "by"),
    ("certification.services", "rerender_certificate", "by"),
    ("certification.decisions", "reinstate_certificate", "by"),
    ("certification.decisions", "clear_flag", "by"),
    ("certification.appeals", "file_appeal", "appellant"),
    ("certification.appeals", "_apply", "by"),
    ("certification.appeals", "decide_appeal", "by"),
    ("certification.appeals", "set_appeal_window", "by"),
    ("certification.renewals", "_require_holder", "by"),
    ("certification.renewals", "_require_reviewer", "by"),
    ("certification.renewals", "start_renewal", "by"),
    ("certification.renewals", "add_ce_item", "by"),
    ("certification.renewals", "add_practice_entry", "by"),
    ("certification.renewals", "upload_ce_proof", "by"),
    ("certification.renewals", "submit_renewal", "by"),
    ("certification.renewals", "approve_renewal", "by"),
    ("certification.renewals", "_decide_against", "by"),
    ("certification.renewals", "return_renewal", "by"),
    ("certification.renewals", "refuse_renewal", "by"),
    # api
    ("api.services", "_require_admin", "user"),
    ("api.services", "create_key", "by"),
    ("api.services", "revoke_key", "by"),
    ("api.services", "create_endpoint", "by"),
    ("api.services", "set_endpoint_active", "by"),
    ("api.services", "redeliver", "by"),
    # reports (certification/reports/) and the license-standing hook, merged after the first run
    ("certification.reports.exports", "request_export", "by"),
    ("certification.reports.exports", "record_streamed", "by"),
    ("certification.reports.exports", "open_download", "by"),
    ("certification.reports.exports", "_audit", "by"),
    ("accounts.events", "standing_may_change", "by"),
    ("accounts.services", "_standing_may_change", "by"),
]

SKIP_DIRS = {".venv", "node_modules", "migrations", "__pycache__", ".git", "codemods"}


@dataclass(frozen=True)
class Entry:
    module: str
    function: str
    old: str


@dataclass
class Report:
    changed_files: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    calls: int = 0
    by_name: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    missing: set[Entry] = field(default_factory=set)


class Table:
    def __init__(self, rows: list[tuple[str, str, str]], modules: dict[str, set[str]]):
        self.entries = [Entry(*row) for row in rows]
        self.exact = {(e.module, e.function): e for e in self.entries}
        counts = Counter(e.function for e in self.entries)
        self.unique = {e.function: e for e in self.entries if counts[e.function] == 1}
        self.names = set(counts)
        self.modules = modules  # module -> names it defines or imports (def, class, import)

    def resolve(self, qualified: str) -> tuple[Entry | None, bool]:
        """(entry, resolved): resolved is True when the name is known to be a project function
        (in the table or not), False when the imports could not say what it is."""
        module, _, name = qualified.rpartition(".")
        if (module, name) in self.exact:
            return self.exact[(module, name)], True
        if module in self.modules:
            # A package re-exporting a submodule's function (`from .scheduling import ...`,
            # `from .enrollment import *`).
            under = [
                e for e in self.entries if e.function == name and e.module.startswith(module + ".")
            ]
            if len(under) == 1:
                return under[0], True
            # A project function not in the table; or a dict or a variable of that module
            # (`SERVICES[...]`), which the caller then treats as unknown.
            return None, name in self.modules[module]
        return None, False


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (
        FullyQualifiedNameProvider,
        ScopeProvider,
        ParentNodeProvider,
        PositionProvider,
    )

    def __init__(self, table: Table, module: str, path: str, report: Report):
        super().__init__()
        self.table, self.module, self.path, self.report = table, module, path, report
        # Old keywords of the table functions this module holds by value, in a variable or a
        # dict (`SERVICES = {"suspend": discipline.suspend_license}`, `service=renewals.x`):
        # found by a first pass, read by leave_Call for calls through such a variable.
        self.referenced: set[str] = set()
        self.unknown_calls: dict[cst.Call, list[cst.Arg]] = {}
        self.rename_names: set[cst.Name] = set()  # Name nodes of renamed parameters' uses
        self.rename_params: set[cst.Param] = set()
        self.call_entries: dict[cst.Call, Entry] = {}
        self.called_funcs: set[cst.CSTNode] = set()
        self.depth = 0  # nesting of function/class definitions

    def where(self, node: cst.CSTNode) -> str:
        pos = self.get_metadata(PositionProvider, node)
        return f"{self.path}:{pos.start.line}"

    def entry_of(self, expr: cst.BaseExpression) -> tuple[Entry | None, str]:
        """The table entry `expr` names and how it was found: "import", "name" (unique in the
        table), or no entry and why: "project" (another project function), "ambiguous" (a
        name the table holds twice), "unknown" (the imports cannot say what it is)."""
        names = self.get_metadata(FullyQualifiedNameProvider, expr, set())
        resolved_any = False
        for qualified in names:
            entry, resolved = self.table.resolve(qualified.name)
            if entry is not None:
                return entry, "import"
            resolved_any = resolved_any or resolved
        if resolved_any:
            return None, "project"
        if isinstance(expr, cst.Name):
            name = expr.value
        elif isinstance(expr, cst.Attribute):
            name = expr.attr.value
        else:
            return None, "unknown"
        if name in self.table.unique:
            return self.table.unique[name], "name"
        if name in self.table.names:
            return None, "ambiguous"
        return None, "unknown"

    # --- definitions ---------------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        top_level = self.depth == 0
        self.depth += 1
        entry = self.table.exact.get((self.module, node.name.value)) if top_level else None
        if entry is None:
            return
        self.report.missing.discard(entry)
        params = [
            *node.params.posonly_params,
            *node.params.params,
            *node.params.kwonly_params,
        ]
        target = next((p for p in params if p.name.value == entry.old), None)
        if target is None:
            return  # already renamed (or the table is stale: --check lists it as missing)
        if any(p.name.value == NEW for p in params):
            self.report.unresolved.append(
                f"{self.where(node)} {node.name.value}: has both `{entry.old}` and `{NEW}`"
            )
            return
        scope = self.get_metadata(ScopeProvider, target)
        if NEW in scope.accesses or any(a.name == NEW for a in scope.assignments):
            self.report.unresolved.append(
                f"{self.where(node)} {node.name.value}: `{NEW}` already used in the body"
            )
            return
        self.rename_params.add(target)
        for assignment in scope.assignments[entry.old]:
            if getattr(assignment, "node", None) is not target:
                continue
            for access in assignment.references:
                if isinstance(access.node, cst.Name):
                    self.rename_names.add(access.node)
        self.report.definitions.append(f"{self.module}.{node.name.value}({entry.old} -> {NEW})")

    def leave_FunctionDef(self, original, updated):
        self.depth -= 1
        return updated

    def visit_ClassDef(self, node) -> None:
        self.depth += 1

    def leave_ClassDef(self, original, updated):
        self.depth -= 1
        return updated

    def leave_Param(self, original: cst.Param, updated: cst.Param) -> cst.Param:
        if original in self.rename_params:
            return updated.with_changes(name=cst.Name(NEW))
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if original in self.rename_names:
            return updated.with_changes(value=NEW)
        return updated

    # --- call sites ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func, args = node.func, list(node.args)
        partial = {q.name for q in self.get_metadata(FullyQualifiedNameProvider, func, set())}
        if "functools.partial" in partial and args and args[0].keyword is None:
            func, args = args[0].value, args[1:]
        self.called_funcs.add(func)
        entry, how = self.entry_of(func)
        if entry is None and how == "unknown":
            self.unknown_calls[node] = args
            return
        if entry is None:
            if how == "ambiguous" and any(a.keyword is not None for a in args):
                self.report.unresolved.append(
                    f"{self.where(node)} {cst.Module([]).code_for_node(func)}(...): the name is "
                    "in the table more than once and the imports do not say which"
                )
            return
        keywords = {a.keyword.value for a in args if a.keyword is not None}
        if entry.old in keywords and NEW not in keywords:
            self.call_entries[node] = entry
            if how == "name":
                self.report.by_name.append(f"{self.where(node)} {entry.function}")
        elif (
            entry.old not in keywords and NEW not in keywords and any(a.star == "**" for a in args)
        ):
            self.report.unresolved.append(
                f"{self.where(node)} {entry.function}(**...): `{entry.old}` may come in **kwargs"
            )

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if original in self.unknown_calls and self.referenced:
            # A call through a variable or a dispatch dict of table functions: rename the
            # keyword when it is one of theirs (reported, to be read once by a person).
            args = self.unknown_calls[original]
            keywords = {a.keyword.value for a in args if a.keyword is not None}
            olds = keywords & self.referenced
            if len(olds) == 1 and NEW not in keywords:
                self.call_entries[original] = Entry(self.module, "<dispatch>", olds.pop())
                self.report.by_name.append(
                    f"{self.where(original)} {cst.Module([]).code_for_node(original.func)}(...) "
                    "through a variable or dict of table functions"
                )
        entry = self.call_entries.get(original)
        if entry is None:
            return updated
        self.report.calls += 1
        new_args = [
            a.with_changes(keyword=cst.Name(NEW))
            if a.keyword is not None and a.keyword.value == entry.old
            else a
            for a in updated.args
        ]
        return updated.with_changes(args=new_args)

    # --- references that are not calls ---------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._note_reference(node)

    def _note_reference(self, node: cst.BaseExpression) -> None:
        if node in self.called_funcs:
            return
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Call) and parent.func is node:
            return  # visit_Call sees it
        if isinstance(parent, (cst.Attribute, cst.ImportAlias, cst.Import, cst.ImportFrom)):
            return
        entry, how = self.entry_of(node)
        if entry is not None and how == "import":
            self.referenced.add(entry.old)

    def visit_Name(self, node: cst.Name) -> None:
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, (cst.Call, cst.Arg)) and getattr(parent, "func", None) is node:
            return
        if isinstance(parent, cst.Arg) and parent.keyword is node:
            return
        if isinstance(
            parent,
            (cst.FunctionDef, cst.Param, cst.ImportAlias, cst.Attribute, cst.ClassDef, cst.AsName),
        ):
            return
        if node.value in self.table.names:
            self._note_reference(node)


def callables_of(path: Path) -> set[str]:
    """The names a module defines with def or class, or imports, at its top level."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def python_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.py")):
        if SKIP_DIRS.intersection(path.relative_to(root).parts):
            continue
        files.append(path)
    return files


def run(root: Path, check: bool) -> Report:
    files = python_files(root)
    modules = {module_name(root, p): callables_of(p) for p in files}
    table = Table(TABLE, modules)
    report = Report(missing=set(table.entries))
    manager = FullRepoManager(str(root), [str(p) for p in files], {FullyQualifiedNameProvider})
    for path in files:
        source = path.read_text()
        if not any(name in source for name in table.names):
            continue  # names no table function: nothing to rename, nothing to define
        wrapper = manager.get_metadata_wrapper_for_path(str(path))
        name, where = module_name(root, path), str(path.relative_to(root))
        # First pass: which table functions the module holds by value (metadata is cached in
        # the wrapper, so the second pass costs only the walk).
        survey = Rewriter(table, name, where, Report())
        wrapper.visit(survey)
        rewriter = Rewriter(table, name, where, report)
        rewriter.referenced = survey.referenced
        new = wrapper.visit(rewriter)
        if new.code != source:
            report.changed_files.append(str(path.relative_to(root)))
            if not check:
                path.write_text(new.code)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--check", action="store_true", help="change nothing; list what would")
    args = parser.parse_args()
    report = run(args.root.resolve(), args.check)
    verb = "would change" if args.check else "changed"
    print(
        f"{verb} {len(report.changed_files)} files, {len(report.definitions)} definitions, "
        f"{report.calls} call sites"
    )
    for path in report.changed_files:
        print(f"  {path}")
    if report.definitions:
        print("definitions renamed:")
        for line in report.definitions:
            print(f"  {line}")
    if report.by_name:
        print("call sites matched by name or through a dispatch dict (read them once):")
        for line in report.by_name:
            print(f"  {line}")
    if report.unresolved:
        print("NOT resolved, look at these by hand:")
        for line in sorted(set(report.unresolved)):
            print(f"  {line}")
    if report.missing:
        print("table rows whose function was not found (moved or renamed?):")
        for entry in sorted(report.missing, key=lambda e: (e.module, e.function)):
            print(f"  {entry.module}.{entry.function}")
    return 1 if report.missing else 0


if __name__ == "__main__":
    sys.exit(main())
