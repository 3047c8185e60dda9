"""The ``align`` command: parse arguments, call the library, map errors to exit codes.

Exit status: 0 success (for ``diff``: no difference); 1 ``diff`` found
differences; 2 trouble (bad input, unwritable output), with a one-line message
(for ``batch``: some pair failed, each named on a line of its own).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from align.errors import AlignError
from align.model import DEFAULT_THRESHOLD, KINDS, Options, parse_kinds
from align.runtime.output import check_destination
from align.runtime.timings import timed
from align.version import __version__

#: The valid values of ``--ignore`` and ``--kind``, as their help lists them.
KIND_LIST = ",".join(KINDS)
#: The exit status of a failure that is a bug of ours, not bad input (EX_SOFTWARE).
INTERNAL_ERROR = 70

if TYPE_CHECKING:
    from tqdm import tqdm

    from align.model import Comparison


def _labels(value: str) -> tuple[str, str]:
    parts = value.split(",")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise argparse.ArgumentTypeError("give two labels separated by a comma, e.g. VOV,VNA")
    return parts[0].strip(), parts[1].strip()


def _label_list(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.split(","))
    if len(parts) < 2 or not all(parts):
        raise argparse.ArgumentTypeError("give one label per witness, separated by commas")
    return parts


def _kinds(value: str) -> frozenset[str]:
    try:
        return frozenset(parse_kinds(value))
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _threshold(value: str) -> float:
    try:
        t = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a number between 0 and 1") from None
    if not 0.0 <= t <= 1.0:
        raise argparse.ArgumentTypeError("a number between 0 and 1")
    return t


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number of processes, 1 or more") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("a whole number of processes, 1 or more")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser.

    Long because it is a table: one declaration per option and command, read top to bottom.
    """
    parser = argparse.ArgumentParser(
        prog="align",
        description="Compare two renderings of the same text: align sentences, diff words.",
    )
    parser.add_argument("--version", action="version", version=f"align {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "a",
            metavar="A",
            help="first rendering (file, http(s) address, or - for standard input): text, "
            "HTML or .mhtml, .docx, PDF, EPUB, .odt, .srt/.vtt subtitles, Markdown",
        )
        p.add_argument("b", metavar="B", help="second rendering")
        shared(p)
        cache(p)
        jobs(p, "processes to use on long texts")
        p.add_argument(
            "--strict-decoding",
            action="store_true",
            help="refuse a file that is not valid UTF-8 throughout, instead of replacing "
            "its bad bytes with U+FFFD (and saying where on stderr)",
        )

    def cache(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--cache",
            metavar="DIR",
            help="keep pages fetched by address in DIR, and read them from it on a rerun",
        )

    def jobs(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--jobs",
            type=_jobs,
            default=None,
            metavar="N",
            help=f"{what} (default: every core); never changes the result",
        )

    def shared(p: argparse.ArgumentParser) -> None:
        p.add_argument("--labels", type=_labels, help="labels of the two sides, e.g. VOV,VNA")
        p.add_argument(
            "--units",
            choices=("sentences", "lines"),
            default="sentences",
            help="split into sentences (default), or take each non-empty line as one unit",
        )
        p.add_argument(
            "--keep-chrome",
            action="store_true",
            help="align page chrome (captions, share buttons, sign-offs) too",
        )
        p.add_argument(
            "--threshold",
            type=_threshold,
            default=None,
            help="similarity below which a sentence has no counterpart (default: estimated "
            f"from the pair, {DEFAULT_THRESHOLD:g} when it is too short to tell)",
        )

    p = sub.add_parser("json", help="write the comparison as JSON (schema align/1)")
    common(p)
    p.add_argument("-o", "--output", help="write to FILE instead of standard output")

    p = sub.add_parser(
        "diff",
        help="show word differences in the terminal",
        description="Show word differences in the terminal, like git diff --word-diff.",
        epilog="exit status: 0 the texts do not differ (nothing is printed unless --all), "
        "1 they differ, 2 trouble (a bad input or output, with one line saying why), "
        "130 interrupted",
    )
    common(p)
    p.add_argument("--no-color", action="store_true", help="plain [-old-]{+new+} markers")
    p.add_argument("--changed-only", action="store_true", help="hide identical pairs")
    p.add_argument(
        "--all",
        action="store_true",
        help="print every pair even when the texts do not differ (by default, as diff(1), "
        "nothing is printed then)",
    )
    p.add_argument(
        "--ignore",
        type=_kinds,
        default=frozenset(),
        help=f"hide these kinds of difference, e.g. spelling,punctuation,case (kinds: {KIND_LIST})",
    )

    p = sub.add_parser("report", help="write the side-by-side HTML report")
    common(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="the HTML file to write (- for standard output); a long comparison is split "
        "into pages NAME-001.html... beside it, with FILE as their index",
    )
    p.add_argument(
        "--timestamp", action="store_true", help="print the time of the run in the report"
    )
    p.add_argument(
        "--ignore",
        type=_kinds,
        default=frozenset(),
        help=f"hide these kinds of difference, e.g. spelling,punctuation,case (kinds: {KIND_LIST})",
    )
    p.add_argument("--hide-chrome", action="store_true", help="leave page chrome out of the report")

    p = sub.add_parser("variants", help="the table of wording variants and inconsistencies")
    common(p)
    p.add_argument(
        "--format",
        choices=("text", "csv", "json", "markdown"),
        default="text",
        help="output format (default: %(default)s; csv opens cleanly in a spreadsheet)",
    )
    p.add_argument(
        "--kind",
        type=_kinds,
        default=frozenset(),
        help=f"only these kinds, e.g. lexical,form (kinds: {KIND_LIST})",
    )
    p.add_argument("-o", "--output", help="write to FILE instead of standard output")

    p = sub.add_parser(
        "collate",
        help="collate three or more renderings: rows of content units with a variant apparatus",
        description="Collate N renderings at once: every witness aligned with the base, the "
        "pair alignments reconciled into rows, each row's differences as a variant apparatus. "
        "Writes an HTML report with -o FILE.html, JSON with --json, else the terminal view.",
    )
    p.add_argument("witnesses", metavar="W", nargs="+", help="the renderings (two or more)")
    p.add_argument(
        "--labels",
        type=_label_list,
        help="labels of the witnesses, in order, separated by commas (default: file names)",
    )
    p.add_argument(
        "--base",
        help="the witness the others are aligned with: a label, a path or a number from 1 "
        "(default: the most complete, chosen from the pair alignments)",
    )
    p.add_argument("--json", action="store_true", help="write JSON (schema align-collation/1)")
    p.add_argument(
        "-o",
        "--output",
        help="the file to write: HTML (a long collation is split into pages NAME-001.html... "
        "beside it), or JSON with --json or a name ending .json; without it, the terminal "
        "view (or JSON) on standard output",
    )
    p.add_argument("--no-color", action="store_true", help="no colour in the terminal view")
    p.add_argument(
        "--units",
        choices=("sentences", "lines"),
        default="sentences",
        help="split into sentences (default), or take each non-empty line as one unit",
    )
    p.add_argument("--keep-chrome", action="store_true", help="collate page chrome too")
    p.add_argument(
        "--threshold",
        type=_threshold,
        default=None,
        help="similarity below which a sentence has no counterpart (default: estimated per pair)",
    )
    jobs(p, "processes to use on long texts")
    p.add_argument(
        "--strict-decoding",
        action="store_true",
        help="refuse a file that is not valid UTF-8 throughout",
    )

    p = sub.add_parser("batch", help="compare every pair a manifest lists, on every core")
    p.add_argument(
        "manifest",
        metavar="MANIFEST",
        help="CSV or JSON-lines file of a,b[,name] rows (paths relative to its folder, "
        "or http(s) addresses)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for NAME.json, NAME.html"
    )
    shared(p)
    cache(p)
    jobs(p, "pairs to compare at once")
    p.add_argument("--force", action="store_true", help="redo the pairs that are up to date too")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the pairs as tasks on the Dask cluster at ADDRESS (e.g. tcp://host:8786), "
        "or on a new local cluster of --jobs processes with 'local' (needs align[dask])",
    )
    p.add_argument(
        "--collect",
        action="store_true",
        help="with --scheduler: the workers send the outputs back, to be written here "
        "(when DIR is not on storage the workers share)",
    )
    return parser


def _options(args: argparse.Namespace) -> Options:
    defaults = Options()
    return Options(
        units=args.units,
        keep_chrome=args.keep_chrome,
        threshold=defaults.threshold if args.threshold is None else args.threshold,
        labels=args.labels or ("", ""),
    )


#: The share of a run's progress bar that comparing fills; writing the output fills the rest.
COMPARING = 0.9
#: Seconds a run goes on before its progress bar shows: a shorter run would only flash one.
BAR_DELAY = 1.0
#: The progress bar of the run under way, if one is shown: `_emit` clears it before stdout.
_bar: tqdm | None = None
#: What the last command left for the process's end: a book's collation is tens of millions
#: of objects, and freeing them one by one takes half a minute after everything is written
#: (a book's comparison, seconds).
#: `align.entry` ends the process without freeing them; called from Python, the next
#: command's result replaces it.
left_for_exit: list[object] = []
#: A comparison of this many pairs or more is left for the process's end too: freeing a whole
#: Bible's (31,000 verses) and its word caches took about 2 s; a short one is freed as before.
LEAVE_FOR_EXIT = 2000


def _progress_bar(total: float, bar_format: str) -> tqdm | None:
    """A progress bar on stderr (tqdm), only when it is a terminal; drawn after `BAR_DELAY`."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the pools fork this process
    return tqdm(
        total=total,
        file=sys.stderr,
        delay=BAR_DELAY,
        leave=False,
        dynamic_ncols=True,
        bar_format=bar_format,
    )


def _advance(bar: tqdm, what: str, done: float) -> None:
    """Show stage `what` with `done` of the run (never backwards).

    tqdm redraws at most ten times a second, and not before `BAR_DELAY`; a
    new stage is shown at once (after the delay too).
    """
    bar.update(max(0.0, done - bar.n))
    if what != bar.desc:
        bar.set_description_str(what, refresh=bar.format_dict["elapsed"] >= BAR_DELAY)


def _clear_progress() -> None:
    """Clear the run's progress bar off the terminal, for good."""
    global _bar
    if _bar is not None:
        shown = _bar.format_dict["elapsed"] >= BAR_DELAY
        _bar.close()
        if shown:
            # Erased whatever tqdm's own bookkeeping says: Ctrl-C may have come
            # halfway through a redraw.
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        _bar = None


def _warn(line: str) -> None:
    """One line on stderr: a warning about the input, the run goes on."""
    if _bar is not None and _bar.format_dict["elapsed"] >= BAR_DELAY:
        _bar.clear()  # the line is the warning's (the bar comes back at its next redraw)
    print(f"align: warning: {line}", file=sys.stderr, flush=True)


def _emit(text: str | Iterable[str], output: str | None) -> None:
    """Write `text` (or its pieces, in turn) to the `output` file, or to standard output."""
    from align.runtime.output import write_atomic

    if output and output != "-":
        write_atomic(output, text)
    else:
        _clear_progress()  # stderr and stdout share the terminal's line
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
        sys.stdout.flush()


def batch(args: argparse.Namespace) -> int:
    """``align batch``: 0 when every pair ran (or was up to date), 2 when some failed."""
    from align.batch.jobs import FAILED, Outcome
    from align.batch.runner import run_batch

    if args.collect and not args.scheduler:
        raise AlignError("--collect: only with --scheduler (a local batch writes its own outputs)")

    def notify(outcome: Outcome, ended: int, total: int) -> None:
        global _bar
        if _bar is None:
            _bar = _progress_bar(total, "[{n_fmt}/{total_fmt}] {bar:24} {desc}")
        if outcome.status == FAILED:
            if _bar is not None and _bar.format_dict["elapsed"] >= BAR_DELAY:
                _bar.clear()  # the line is the message's (the bar comes back at the next pair)
            print(f"align: {outcome.name}: {outcome.error}", file=sys.stderr, flush=True)
        if _bar is not None:
            _advance(_bar, f"{outcome.name}: {outcome.status}", ended)

    try:
        result = run_batch(
            args.manifest,
            args.output,
            _options(args),
            jobs=args.jobs,
            force=args.force,
            notify=notify,
            cache=args.cache,
            scheduler=args.scheduler,
            collect=args.collect,
            announce=lambda link: print(f"align: Dask dashboard: {link}", file=sys.stderr),
        )
    finally:
        _clear_progress()
    return 2 if result.failed else 0


def _check_paths(args: argparse.Namespace) -> None:
    """Refuse, before any work, inputs and outputs that cannot be what the user meant."""
    output = getattr(args, "output", None)
    if output == "":
        raise AlignError("-o: empty file name (give a file, or - for standard output)")
    if args.command == "batch":
        return
    if output and output != "-":
        check_destination(output)
    if args.a == "-" and args.b == "-":
        raise AlignError("-: standard input can be only one of the two sides")
    if output and output != "-":
        for side in (args.a, args.b):
            with contextlib.suppress(OSError, ValueError):
                if side != "-" and os.path.samefile(side, output):
                    raise AlignError(f"{output}: is one of the inputs; choose another output file")


def collate(args: argparse.Namespace) -> int:
    """``align collate``: the HTML report (-o), the JSON (--json) or the terminal view."""
    from align.collating import collate as collate_files
    from align.runtime.scope import comparison_scope, leave_caches_for_exit
    from align.summary import summarise_collation

    output = args.output
    if output == "":
        raise AlignError("-o: empty file name (give a file, or - for standard output)")
    if output and output != "-":
        check_destination(output)
        for side in args.witnesses:
            with contextlib.suppress(OSError, ValueError):
                if side != "-" and os.path.samefile(side, output):
                    raise AlignError(f"{output}: is one of the inputs; choose another output file")
    global _bar
    _bar = bar = _progress_bar(1.0, "{bar:24} {percentage:3.0f}% {desc}")

    def progress(what: str, done: float) -> None:
        if bar is not None:
            _advance(bar, what, done * COMPARING)

    options = Options(
        units=args.units,
        keep_chrome=args.keep_chrome,
        threshold=args.threshold,
    )
    try:
        with comparison_scope():
            collation = collate_files(
                args.witnesses,
                options,
                labels=args.labels,
                base=args.base,
                progress=None if bar is None else progress,
                jobs=args.jobs,
                strict_decoding=args.strict_decoding,
                warn=_warn,
            )
            progress("writing", 1.0)
            summary = summarise_collation(collation)
            if args.json or (output or "").lower().endswith(".json"):
                from align.rendering.collation_json import render_collation_json

                _emit(render_collation_json(collation), output)
            elif output:
                from align.rendering.collation_html import render_collation_html, write_collation

                if output == "-":
                    _emit(render_collation_html(collation, summary), None)
                else:
                    write_collation(collation, summary, output, jobs=args.jobs)
            else:
                from align.rendering.collation_terminal import render_collation_terminal

                color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
                _emit(render_collation_terminal(collation, summary, color=color), None)
            left_for_exit[:] = [collation]
            leave_caches_for_exit()
            return 0
    finally:
        _clear_progress()


def run(args: argparse.Namespace) -> int:
    if args.command == "collate":
        return collate(args)
    _check_paths(args)
    if args.command == "batch":
        return batch(args)
    from align.pipeline import compare
    from align.runtime.scope import comparison_scope, leave_caches_for_exit

    global _bar
    _bar = bar = _progress_bar(1.0, "{bar:24} {percentage:3.0f}% {desc}")

    def progress(what: str, done: float) -> None:
        if bar is not None:
            _advance(bar, what, done * COMPARING)

    try:
        # One comparison, compared then rendered: the renderers too allocate
        # millions of small objects.
        with comparison_scope():
            comparison = compare(
                args.a,
                args.b,
                _options(args),
                progress=None if bar is None else progress,
                jobs=args.jobs,
                strict_decoding=args.strict_decoding,
                warn=_warn,
                cache=args.cache,
            )
            progress("writing", 1.0)
            with timed("writing"):
                status = _write(args, comparison)
            if len(comparison.pairs) >= LEAVE_FOR_EXIT:
                # Everything is written: the comparison and the caches are left for
                # the process's end, not freed object by object.
                left_for_exit[:] = [comparison]
                leave_caches_for_exit()
            return status
    finally:
        _clear_progress()


def _write(args: argparse.Namespace, comparison: Comparison) -> int:
    """Render and write what the command asks for; the exit status."""
    if args.command == "json":
        from align.rendering.json import iter_json

        _emit(iter_json(comparison, args.jobs), args.output)
        return 0
    if args.command == "diff":
        from align.rendering.terminal import render_terminal
        from align.summary import summarise

        color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
        summary = summarise(comparison, ignore=args.ignore)
        if not summary.differs and not args.all:
            return 0  # as diff(1): nothing to show for texts that do not differ
        _emit(
            render_terminal(
                comparison, color=color, changed_only=args.changed_only, summary=summary
            ),
            None,
        )
        return 1 if summary.differs else 0
    if args.command == "report":
        from datetime import datetime, timezone

        from align.rendering.html.render import render_html, write_report

        stamp = (
            datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if args.timestamp else None
        )
        shown = {"timestamp": stamp, "ignore": args.ignore, "hide_chrome": args.hide_chrome}
        if args.output == "-":
            _emit(render_html(comparison, **shown), None)
        else:
            write_report(comparison, args.output, **shown)
        return 0
    if args.command == "variants":
        from align.rendering.variants import render_variants

        text = render_variants(comparison, args.format, tuple(sorted(args.kind)))
        if args.format == "csv":
            text = "\ufeff" + text  # a byte-order mark: spreadsheets then read UTF-8
        _emit(text, args.output)
        return 0
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        return run(build_parser().parse_args(argv))
    except AlignError as e:
        print(f"align: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `align diff A B | head`): not an error.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except MemoryError:
        print("align: error: out of memory", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - a bug of ours: one line, not a traceback
        from align.entry import _is_interruption

        if os.environ.get("ALIGN_DEBUG") or _is_interruption(e):
            raise  # an error raised because of a Ctrl-C is the interruption's (align.entry)
        detail = str(e).strip().splitlines()
        print(
            f"align: internal error: {type(e).__name__}"
            f"{': ' + detail[0][:200] if detail else ''}"
            " (a bug in align; ALIGN_DEBUG=1 shows where)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
