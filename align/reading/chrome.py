"""Page chrome: lines that came with a page but are not the article's text.

Copying an article from a news site brings along share buttons ("Chia sẻ"),
photo captions, "Feedback", "Related News", agency sign-offs ("VNA/VNP"),
datelines ("(VOVWORLD) - ") and bylines. Two renderings of one article rarely
carry the same chrome, so the aligner sets it aside rather than report it as
an omission.

Everything here is a general rule over the shape of a line (short, no sentence
punctuation, a known kind of furniture), never a list of one site's strings.
Headings are not chrome: a short unpunctuated title-like line stays text.

The rules, in the order `is_chrome_line` applies them:

1. no letters or digits ("* * *", "/.", "---");
2. copyright lines ("© 2026 ...", "Copyright ...", "... All rights reserved");
3. photo captions: a "- ảnh 1" / "- photo 2" marker after a title-like text
   or the headline, "(Photo: ...)" at the end, "Photo: ..." at the start;
4. agency sign-offs: "VNA/VNP", "(AFP)", "-- Reuters", "Source: VNA";
5. bylines: "By Jane Smith", "(Reporting by ...; Editing by ...)";
6. a dateline standing alone: "HANOI (VNA) –", "MOSCOW, August 3. /TASS/.";
7. furniture: a short unpunctuated line that is a known button or label
   (English and Vietnamese), a label with a colon ("Tags: ..."), or a row of
   share buttons ("Share Facebook Twitter Email").

`mark_chrome` adds three rules that need the neighbouring lines (see there):
a byline directly under the title, a name signed at the end, and the list of
other stories' titles under "Related News".

All checks look at a bounded prefix or suffix of a line, and lines longer than
`MAX_CHROME_CHARS` are never chrome, so a megabyte-long line costs nothing.

Over 500 lines because it is a table of rules, each short and tested on its own
(tests/test_chrome.py); split, they would only send the reader between files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "MAX_CHROME_CHARS",
    "dateline_prefix",
    "is_chrome_line",
    "looks_like_heading",
    "looks_like_name",
    "mark_chrome",
]

#: Lines longer than this are article text, whatever they look like; captions
#: (the longest chrome) run to a few sentences.
MAX_CHROME_CHARS = 600

#: Furniture labels are short; a longer line is a sentence even without a full stop.
_MAX_LABEL_CHARS = 80

# Sentence punctuation that a label, button or heading does not end with.
_FINAL_PUNCT = ".!?;:…"
_CLOSERS = "\"'”’»)]}›"
_OPENING_QUOTES = "\"'“‘«‹„"

# Whole-line labels, compared casefolded with surrounding punctuation and a
# trailing count ("Comments (3)") removed.
_LABELS = frozenset(
    label.strip()
    for label in """
    share|share this|share this article|share this story|share this page|share article
    share on facebook|share on twitter|share on x|share via email|share by email
    print|print this|print article|print this article|print page|email|e-mail|email this
    email article|send|send to a friend|tweet|like|facebook|twitter|linkedin|whatsapp
    telegram|zalo|pinterest|reddit|messenger|copy link|copy|link copied|link|permalink
    feedback|send feedback|give feedback|your feedback|comment|comments|leave a comment
    post a comment|add comment|add a comment|view comments|show comments|write a comment
    related|related news|related articles|related stories|related posts|related content
    related topics|related links|read more|read also|also read|see also|see more|more
    more news|more stories|more articles|you may also like|you might also like
    recommended|recommended for you|most read|most popular|most viewed|most shared
    trending|latest|latest news|top stories|other news|back to top|to top|go to top
    scroll to top|back|next|previous|next article|previous article|next story
    previous story|advertisement|advertising|ad|ads|sponsored|sponsored content
    subscribe|subscribe now|sign up|sign in|log in|login|register|newsletter|follow us
    follow|menu|home|search|skip to content|skip to main content|font size|text size
    listen|listen to this article|save|bookmark|download|rss|tags|keywords|topics
    photo|photos|video|videos|gallery|close|loading|expand|collapse|show more|show less
    chia sẻ|chia sẻ bài viết|in|in bài|in bài viết|gửi email|gửi bài|bình luận
    gửi bình luận|viết bình luận|ý kiến|ý kiến bạn đọc|gửi ý kiến|phản hồi|gửi phản hồi
    tin liên quan|bài liên quan|bài viết liên quan|tin cùng chuyên mục|tin khác
    các tin khác|tin mới|tin mới nhất|đọc thêm|xem thêm|xem tiếp|đọc nhiều|xem nhiều
    đọc nhiều nhất|từ khóa|từ khoá|thẻ|quảng cáo|lên đầu trang|về đầu trang
    trở về đầu trang|theo dõi|trang chủ|tìm kiếm|nghe|nghe bài viết|tải về|lưu|thích
    ảnh|hình ảnh
    """.replace("\n", "|").split("|")
    if label.strip()
)

# Labels over a list of links to other stories, in the page's own words.
_LISTING_LABELS = frozenset(
    label.strip()
    for label in """
    related|related news|related articles|related stories|related posts|related content
    related topics|related links|read more|read also|also read|see also|more news|more stories
    more articles|you may also like|you might also like|recommended|recommended for you
    most read|most popular|most viewed|most shared|trending|latest|latest news|top stories
    other news|tin liên quan|bài liên quan|bài viết liên quan|tin cùng chuyên mục|tin khác
    các tin khác|tin mới|tin mới nhất|đọc thêm|xem thêm|đọc nhiều|xem nhiều|đọc nhiều nhất
    """.replace("\n", "|").split("|")
    if label.strip()
)

# Labels followed by a colon and a short list: "Tags: diplomacy, Vietnam".
_LABEL_PREFIXES = frozenset(
    "tags|tag|keywords|topics|related|read more|read also|also read|see also|more|source|sources"
    "|nguồn|từ khóa|từ khoá|thẻ|tin liên quan|xem thêm|đọc thêm".split("|")
)

# Words of a row of share buttons ("Share Facebook Twitter Email").
_SHARE_WORDS = frozenset(
    "share shares chia sẻ print email e-mail tweet facebook twitter linkedin whatsapp"
    " telegram zalo pinterest reddit messenger copy link like save in".split()
)

#: News agencies and broadcasters whose name alone ends an article.
_AGENCIES = frozenset(
    "vna vnp ttxvn vov vovworld vtv vnexpress vietnamplus vnn qdnd sggp vietnamnet"
    " afp ap reuters xinhua bernama kyodo yonhap tass sputnik ria antara pna efe ansa dpa"
    " upi bloomberg cna nhk bbc cnn aap pti ani ips kpl akp mna"
    " nhandan interfax interfax-ukraine ukrinform unian kcna jiji irna anadolu itar-tass"
    " ria-novosti".split()
)

# Photo caption markers, as VOV pages leave them: "Headline - ảnh 1Caption".
_CAPTION_MARKER = re.compile(r"\s[-–—]\s{0,3}(?:ảnh|photo|image|hình|picture)\s{0,3}\d{1,3}", re.I)
_CAPTION_END = re.compile(
    r"[(\[]\s{0,3}(?:photos?|ảnh|images?|pictures?|file photo|illustrative (?:photo|image)"
    r"|illustration)\b[^()\[\]]{0,120}[)\]]\s{0,3}\.?\s*$",
    re.I,
)
# A credit in brackets after a caption's last sentence: "... on Friday. (Pool photo via
# Yonhap)", "... on New Year's eve. (Xinhua/Ju Peng)" (an agency, a slash, a photographer of
# two or three names, not a second agency: "(VNA/VNS)" after a sentence is its sign-off).
_BRACKETED_CREDIT = re.compile(r"[.!?]\s{1,3}[(\[]([^()\[\]]{2,60})[)\]]\s*$")
_PHOTO_WORD = re.compile(r"\b(?:photos?|images?|pictures?)\b", re.I)
_AGENCY_SLASH_NAME = re.compile(
    r"([^\W\d_][\w.&-]{0,15})\s{0,2}/\s{0,2}([A-Z][a-z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,2})$"
)
_CAPTION_START = re.compile(
    r"(?:photos?|ảnh|images?|pictures?|file photo|illustrative (?:photo|image)|illustration"
    r"|caption|credits?|photo credit)\s{0,3}(?::|by\b)",
    re.I,
)
# A credit ending a caption: "President Nguyen Xuan Phuc. VNA/VNS Photo", "... Photo: Reuters"
# (the words around "Photo" must name an agency, `_is_agency`).
_CREDIT_WORDS = frozenset("photo photos image images picture pictures".split())
_CREDIT_AFTER = re.compile(
    r"[.!?]\s+(?:photos?|images?|pictures?)\s{0,3}[:：]\s{0,3}(\S.{0,60})$", re.I
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b|bản quyền)", re.I)
_ALL_RIGHTS = re.compile(r"all rights reserved|giữ bản quyền", re.I)
_GUTENBERG = re.compile(r"\*{3}\s{0,3}(?:start|end) of (?:the|this) project gutenberg", re.I)
_BYLINE = re.compile(r"(?:by|written by|reported by|story by|text by|words by)\s+(?=\S)", re.I)
_REPORTING = re.compile(
    r"[(\[]?\s{0,3}(?:reporting|writing|editing|additional reporting) by\b", re.I
)

# A word of letters (any script), with inner apostrophes, hyphens or dots.
_WORD = r"[^\W\d_]+(?:['’.-][^\W\d_]+)*"
_AGENCY_IN_PARENS = r"\(\s{0,3}([^\W\d_][\w./&-]{0,15}(?:\s[\w./&-]{1,15}){0,2})\s{0,3}\)"
_DASH = r"(?:[-–—]{1,2}|:)"
# "(VOVWORLD) - ", "(Reuters) - ".
_DATELINE_AGENCY = re.compile(_AGENCY_IN_PARENS + r"\s{0,3}" + _DASH + r"(?=\s|$)\s*")
# "HANOI (VNA) – ", "Hà Nội, Feb 18 (TTXVN) - ", "WASHINGTON — ".
_DATELINE_PLACE = re.compile(
    r"(" + _WORD + r"(?:[ ]" + _WORD + r"){0,3})"  # place, one to four words
    r"(,\s{0,3}(?:"
    + _WORD
    + r"\.?\s{1,3}\d{1,2}(?:,?\s{1,3}\d{4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?))?"
    r"\s{0,3}(?:" + _AGENCY_IN_PARENS + r")?"
    r"\s{0,3}(" + _DASH + r")(?=\s|$)\s*"
)
# "MOSCOW, August 3. /TASS/. ", "KYIV, Dec 31 /Ukrinform/ - ": the agency between slashes.
_DATELINE_SLASHED = re.compile(
    r"(" + _WORD + r"(?:[ ]" + _WORD + r"){0,3})"  # place, one to four words
    r"([,.]\s{0,3}" + _WORD + r"\.?\s{1,3}\d{1,2}(?:,?\s{1,3}\d{4})?)?\.?"
    r"\s{1,3}/\s{0,2}([^\W\d_][\w.&-]{0,15}(?:\s[\w.&-]{1,15}){0,2})\s{0,2}/"
    r"\s{0,3}(?:\.|" + _DASH + r")?(?=\s|$)\s*"
)
_DATELINE_HINT = re.compile(r"\s[-–—:]|\):|\s/[^\W\d_]")
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june"
    " july august september october november december".split()
)
# Words that start titles and section headings, never a person's name.
_NOT_NAME_WORDS = frozenset(
    "the a an of in on at for and or with from by as chapter part book section volume act"
    " scene preface introduction contents prologue epilogue appendix notes index foreword"
    " afterword glossary bibliography end related news feedback share comments".split()
)

_TRAILING_COUNT = re.compile(r"\s*[(\[]?\d{1,6}[)\]]?$")
_ALNUM = re.compile(r"[^\W_]")


def _casefold(text: str) -> str:
    """Casefolded, NFC-composed, whitespace collapsed: the form labels are compared in."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _strip_punct(text: str) -> str:
    """Drop surrounding punctuation, bullets and symbols (not letters or digits)."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _ends_sentence(text: str) -> bool:
    """True if ``text`` ends with sentence punctuation, perhaps inside quotes."""
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(text) and text[-1] in _FINAL_PUNCT


def _is_agency_token(token: str) -> bool:
    """A known agency, or an all-capitals acronym of two to six letters."""
    if token.casefold() in _AGENCIES:
        return True
    return 2 <= len(token) <= 6 and token.isalpha() and token.isupper()


def _is_agency(text: str) -> bool:
    """True if ``text`` names a news agency or a short acronym ("VNA", "Reuters")."""
    tokens = [t for t in re.split(r"[\s/,&+|]+", text) if t]
    return 1 <= len(tokens) <= 3 and all(_is_agency_token(t) for t in tokens)


def _is_signoff(line: str) -> bool:
    """Agency sign-off: "VNA/VNP", "VNA", "(AFP)", "-- Reuters", "Source: VNA"."""
    if len(line) > 40:
        return False
    core = line.strip(" \t-–—/.()[]|*")
    if not core:
        return False
    folded = core.casefold()
    for prefix in ("source:", "nguồn:", "theo "):
        if folded.startswith(prefix):
            core = core[len(prefix) :].strip(" :")
            return _is_agency(core)
    tokens = [t for t in re.split(r"[\s/,&+|]+", core) if t]
    if not 1 <= len(tokens) <= 3 or not all(_is_agency_token(t) for t in tokens):
        return False
    # A lone acronym could be a heading ("NATO"): take it only if it is a known
    # agency or the line has a sign-off's punctuation around it.
    marked = line != core or "/" in core
    return marked or any(t.casefold() in _AGENCIES for t in tokens)


def looks_like_name(line: str) -> bool:
    """True for a person's name alone: two to four capitalised words ("To Lam", "Tran Thuong")."""
    line = line.strip()
    if len(line) > 40 or _ends_sentence(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 4:
        return False
    for word in words:
        if not re.fullmatch(_WORD, word) or not word[0].isupper():
            return False
        if word.casefold() in _NOT_NAME_WORDS:
            return False
        if len(word) > 2 and word.isupper():  # "PROMOTING", "NEWS": a heading in capitals
            return False
    return True


def _is_byline(line: str) -> bool:
    """ "By Jane Smith", "By Jane Smith and John Doe, Reuters", "(Reporting by ...)"."""
    if len(line) <= 300 and _REPORTING.match(line):
        return True
    if len(line) > 100:
        return False
    match = _BYLINE.match(line)
    if not match:
        return False
    words = re.split(r"[\s,|/]+", line[match.end() :].strip().rstrip("."))
    words = [w for w in words if w and w not in ("and", "&", "-", "–", "và")]
    return 1 <= len(words) <= 8 and all(w[0].isupper() or w[0].isdigit() for w in words)


def _has_dash(line: str) -> bool:
    """True if a hyphen or dash occurs in the first 400 characters (cheaper than the regex)."""
    head = line[:400]
    return "-" in head or "–" in head or "—" in head


def _is_caption(line: str, headline: str) -> bool:
    """Photo caption: "Title - ảnh 1", "... (Photo: VNA)", "Photo: ...", "Headline - photo 2"."""
    marker = _CAPTION_MARKER.search(line, 0, 400) if _has_dash(line) else None
    if marker:
        before = " ".join(line[: marker.start()].split())
        if not before:
            return True
        if headline and _casefold(before) == _casefold(headline):
            return True
        # A title before the marker, not the end of a sentence: "Party leader calls ... - ảnh 1".
        if len(before) <= 250 and not _ends_sentence(before) and ". " not in before:
            return True
        # The marker ending a line is a caption whatever stands before it.
        if not line[marker.end() :].strip():
            return True
    if line.rstrip(" \t\r\n.")[-1:] in (")", "]") and _CAPTION_END.search(
        line, max(0, len(line) - 160)
    ):
        return True
    if len(line) > 300:
        return False
    return (
        bool(_CAPTION_START.match(line.lstrip()))
        or _has_credit_end(line)
        or _has_bracketed_credit(line)
    )


def _has_bracketed_credit(line: str) -> bool:
    """A caption whose photo credit stands in brackets after its last sentence.

    The brackets hold a photo word ("(Pool photo via Yonhap)", "(Yonhap Photo)") or an
    agency, a slash and a photographer's name ("(Xinhua/Ju Peng)"), as wire captions credit.
    """
    found = _BRACKETED_CREDIT.search(line, max(0, len(line) - 80))
    if found is None:
        return False
    credit = found.group(1).strip()
    if _PHOTO_WORD.search(credit):
        return True
    by = _AGENCY_SLASH_NAME.fullmatch(credit)
    return by is not None and _is_agency_token(by.group(1))


def _has_credit_end(line: str) -> bool:
    """A caption that ends with its photo credit: "... VNA/VNS Photo", "... Photo: AFP"."""
    tail = line[-80:]
    folded = tail.casefold()
    if "photo" not in folded and "image" not in folded and "picture" not in folded:
        return False
    after = _CREDIT_AFTER.search(tail)
    if after is not None and _is_agency(after.group(1).strip(" .,;:()")):
        return True
    words = tail.rstrip(" .)]").split()
    if len(words) < 2 or words[-1].casefold() not in _CREDIT_WORDS:
        return False
    words.pop()
    if words[-1].casefold() == "file":
        words.pop()
    for k in (1, 2, 3):
        if k > len(words):
            return False
        credit = " ".join(words[-k:]).lstrip("([")
        before = words[-k - 1] if k < len(words) else ""
        # The credit follows a sentence's end or opens a bracket: "Phúc. VNA Photo", "(VNA Photo)".
        starts = not before or before[-1] in ".!?:;" or words[-k][0] in "(["
        if starts and _is_agency(credit):
            return True
    return False


def _label(line: str) -> str:
    """A short line as a label: casefolded, without surrounding symbols or a count."""
    return _strip_punct(_TRAILING_COUNT.sub("", _strip_punct(_casefold(line))))


def _is_furniture(line: str) -> bool:
    """A short button or label: "Share", "Feedback", "Tin liên quan", "Tags: ..."."""
    if len(line) > 200:
        return False
    colon = line.find(":", 0, 20)
    if colon > 0 and _casefold(line[:colon]) in _LABEL_PREFIXES:
        return True
    if len(line) > _MAX_LABEL_CHARS or _ends_sentence(line.rstrip(":")):
        return False
    label = _label(line)
    if label in _LABELS:
        return True
    words = [w for w in re.split(r"[\s|·•/,]+", label) if w]
    return len(words) >= 2 and all(w in _SHARE_WORDS for w in words)


#: Site notices, in any site's words: comment forms, cookie and newsletter
#: prompts, photo credits, and a book's front matter. Matched at the start of
#: a line of at most `_MAX_NOTICE_CHARS`.
_NOTICE = re.compile(
    r"(?:your email address will not be published|required fields are marked"
    r"|you must be logged in to post|comments are closed|be the first to comment"
    r"|notify me of (?:follow-up comments|new posts)|save my name,? email"
    r"|(?:we|this (?:web)?site) uses? cookies|by (?:continuing to use|using) this (?:web)?site"
    r"|cookie (?:policy|settings|preferences)|accept (?:all )?cookies"
    r"|(?:subscribe|sign up) (?:to|for) (?:our|the)\b.{0,40}newsletter"
    r"|get (?:the latest|our) .{0,40}(?:in your inbox|delivered)|enter your e-?mail"
    r")",
    re.IGNORECASE,
)
_MAX_NOTICE_CHARS = 160
#: Credits and front matter: short lines only ("Translated by John Smith").
_CREDIT = re.compile(
    r"(?:(?:photo|image|picture|video|illustration|cover)s? ?(?:credit|by|source)?\s?[:：]"
    r"|(?:photo|image) credits?\b|credit[:：]"
    r"|(?:translated|produced|edited|transcribed|digitized|prepared) by\s"
    r"|first published\b|printed (?:in|by)\b|isbn\b|transcriber'?s note|table of contents$"
    r"|contents$)",
    re.IGNORECASE,
)
_MAX_CREDIT_WORDS = 10


def _is_notice(line: str) -> bool:
    """A site's or a book's notice: "Your email address will not be published.", "Photo: AFP"."""
    if len(line) > _MAX_NOTICE_CHARS:
        return False
    if _NOTICE.match(line) is not None:
        return True
    return len(line.split()) <= _MAX_CREDIT_WORDS and _CREDIT.match(line) is not None


def _is_copyright(line: str) -> bool:
    """ "© 2026 VOV World", "Copyright ...", "... All rights reserved."."""
    if len(line) > 300:
        return False
    # Plain substring tests first: case-insensitive regex search is slow on every body line.
    if line[:1] in "©(*CcBb" and (_COPYRIGHT.match(line) or _GUTENBERG.match(line)):
        return True
    if "©" in line and len(line) <= 120:
        return True
    return ("eserved" in line or "ESERVED" in line or "ản quyền" in line) and bool(
        _ALL_RIGHTS.search(line)
    )


def _slashed_dateline(match: re.Match[str]) -> bool:
    """True if a `_DATELINE_SLASHED` match is a dateline: capitals, a month, an agency."""
    place, date, agency = match.group(1), match.group(2), match.group(3)
    if date:
        month = re.match(_WORD, date[1:].lstrip())
        if not month or month.group(0).rstrip(".").casefold() not in _MONTHS:
            return False
    caps = all(w.isupper() and len(w) >= 2 for w in place.split())
    return caps and (_is_agency(agency) or agency.isupper())


def dateline_prefix(line: str) -> int:
    """Length of a dateline at the start of ``line`` with the space after it, 0 if none.

    Datelines are "(VOVWORLD) - ", "HANOI (VNA) – ", "Hà Nội, Feb 18 (TTXVN) - ",
    "MOSCOW, August 3. /TASS/. " and "WASHINGTON — ". The place must be in
    capitals unless an agency in parentheses follows it, so an ordinary sentence
    with a dash is left alone.

    >>> dateline_prefix("(VOVWORLD) - The Congress opened.")
    13
    >>> dateline_prefix("Trade grew - and fast.")
    0
    """
    lead = 0
    while lead < 120 and lead < len(line) and line[lead].isspace():
        lead += 1
    if not _DATELINE_HINT.search(line, lead, lead + 80):
        return 0  # no dash or colon early on: no dateline (and no regex work on body text)
    head = line[lead : lead + 120]
    slashed = _DATELINE_SLASHED.match(head)
    if slashed:
        return lead + slashed.end() if _slashed_dateline(slashed) else 0
    match = _DATELINE_AGENCY.match(head) or _DATELINE_PLACE.match(head)
    if not match or head[match.end() : match.end() + 1].islower():
        return (
            0  # the article's first sentence starts with a capital: "NATO - the alliance" is text
        )
    if match.re is _DATELINE_AGENCY:
        agency = match.group(1)
        if _is_agency(agency) or (agency.upper() == agency and any(c.isalpha() for c in agency)):
            return lead + match.end()
        return 0
    place, date, agency, dash = match.group(1), match.group(2), match.group(3), match.group(4)
    if dash == ":" and not agency:
        return 0  # "Note: ..." is a label, not a dateline
    if date:
        month = re.match(_WORD, date.lstrip(", "))
        if month and month.group(0).rstrip(".").casefold() not in _MONTHS:
            return 0
    words = place.split()
    if agency:
        if not _is_agency(agency) and agency.upper() != agency:
            return 0
        if not all(w[0].isupper() for w in words):
            return 0
    elif not all(w.isupper() and len(w) >= 2 for w in words):
        return 0
    return lead + match.end()


def looks_like_heading(line: str) -> bool:
    """A title-like line: short, capitalised, no final punctuation, not quoted speech.

    >>> looks_like_heading("Vietnam at the threshold of a new era")
    True
    >>> looks_like_heading("The following is a translation of the article.")
    False
    """
    line = line.strip()
    if not line or len(line) > 150 or "\n" in line or _ends_sentence(line) or line.endswith(","):
        return False
    if line[0] in _OPENING_QUOTES:
        return False
    if len(line.split()) > 20:
        return False
    first = next((c for c in line if c.isalnum()), "")
    return bool(first) and (first.isdigit() or first.isupper())


def is_chrome_line(line: str, *, headline: str = "") -> bool:
    """True if ``line`` is page chrome rather than article text.

    ``headline`` is the article's title, if known: a caption that repeats it
    ("Headline - ảnh 1") is chrome even when it is long. Line breaks inside
    ``line`` count as spaces. See the module docstring for the rules.

    >>> is_chrome_line("Chia sẻ")
    True
    >>> is_chrome_line("Vietnam at the threshold of a new era")
    False
    """
    if len(line) > MAX_CHROME_CHARS:
        return False
    if _is_caption(line, headline):
        return True
    if len(line) > 300:  # only a caption runs this long, or a line of symbols
        return not _ALNUM.search(line)
    line = line.strip()  # the rules below allow any whitespace inside
    if not line:
        return False
    if not (line[0].isalnum() or _ALNUM.search(line)):
        return True
    return (
        _is_copyright(line)
        or _is_notice(line)
        or _is_signoff(line)
        or _is_byline(line)
        or _is_furniture(line)
        or (len(line) <= 80 and dateline_prefix(line) >= len(line))
    )


_WRAPPER_START = re.compile(r"\*{3}\s{0,3}start of (?:the|this) project gutenberg", re.I)
_WRAPPER_END = re.compile(r"\*{3}\s{0,3}end of (?:the|this) project gutenberg", re.I)


def _mark_wrapper(texts: Sequence[str], flags: list[bool]) -> None:
    """Mark Project Gutenberg's header and licence, around its START and END lines, as chrome."""
    start = next((i for i, t in enumerate(texts) if t[:1] == "*" and _WRAPPER_START.match(t)), -1)
    if start < 0:
        return
    end = next(
        (
            i
            for i in range(start + 1, len(texts))
            if texts[i][:1] == "*" and _WRAPPER_END.match(texts[i])
        ),
        len(texts),
    )
    for i in [*range(start + 1), *range(end, len(texts))]:
        flags[i] = True


def mark_chrome(
    texts: Sequence[str],
    *,
    headings: Sequence[bool] | None = None,
    headline: str = "",
    chrome: Sequence[bool] | None = None,
) -> list[bool]:
    """Chrome flags for a document's paragraphs, in order.

    Applies `is_chrome_line` to each paragraph (unless ``chrome`` already
    says so), then two rules that need the neighbours:

    * a byline under the title: a name alone ("To Lam") right after a
      heading of four or more words, with body text (or one more short
      unpunctuated line, his job title, then body text) after it. Both the
      name and the job title are chrome: they belong to the page, and the
      other rendering seldom carries them.
    * a signature: a name alone as the last non-chrome paragraph, after body
      text ("Tran Thuong").
    * a list of other stories: title-like lines right after "Related News",
      "Read more", "Tin liên quan" and the like, up to the next body text.
    * a repeated line: a paragraph of four or more words that repeats the one
      before it word for word (an image's alt text above its caption, a
      headline shown twice by a page's two layouts): the second copy.
    * a book's wrapper: Project Gutenberg's header (title, author, release
      date, credits) up to its "*** START OF THE PROJECT GUTENBERG EBOOK ..."
      line, and everything from its "*** END OF ..." line on (the licence):
      two editions of a book share it word for word, and it is no part of
      either rendering.

    ``headings`` says which paragraphs the markup makes headings (HTML's
    ``<h1>``-``<h6>``, Word's heading styles). The rules treat a paragraph as
    a heading if the markup says so *or* it is shaped like one
    (`looks_like_heading`), whatever the format: an HTML page that sets its
    title and byline in ``<p>`` elements reads as the same article saved as
    text does, so the two readings agree on what is chrome.

    Long because its passes (label runs, bylines under a title, listings, sign-offs) share one
    state over the lines; each is a few lines, and apart they would pass that state around.
    """
    flags = [bool(c) for c in chrome] if chrome is not None else [False] * len(texts)
    for i, text in enumerate(texts):
        if not flags[i]:
            flags[i] = is_chrome_line(text, headline=headline)
    _mark_wrapper(texts, flags)
    # One rule for every format: the markup's word, or the line's shape.
    marked = headings if headings is not None else [False] * len(texts)
    headings = [bool(h) or looks_like_heading(t) for h, t in zip(marked, texts)]
    kept = [i for i, flag in enumerate(flags) if not flag]

    def is_body(i: int) -> bool:
        return not headings[i] and not looks_like_name(texts[i])

    for n, i in enumerate(kept):
        if n == 0 or not looks_like_name(texts[i]):
            continue
        title = kept[n - 1]
        if not headings[title] or len(texts[title].split()) < 4:
            continue
        following = kept[n + 1 : n + 3]
        if following and is_body(following[0]):
            flags[i] = True
        elif (
            len(following) == 2
            and looks_like_heading(texts[following[0]])
            and is_body(following[1])
        ):
            flags[i] = flags[following[0]] = True
    kept = [i for i, flag in enumerate(flags) if not flag]
    if len(kept) >= 2 and looks_like_name(texts[kept[-1]]) and is_body(kept[-2]):
        flags[kept[-1]] = True
    previous = ""
    for i, text in enumerate(texts):
        if flags[i]:
            continue
        folded = " ".join(_casefold(text).split()) if len(text) <= MAX_CHROME_CHARS else ""
        if folded and folded == previous and len(folded.split()) >= 4:
            flags[i] = True
        previous = folded
    listing = False
    for i, text in enumerate(texts):
        if flags[i]:
            listing = listing or (len(text) <= _MAX_LABEL_CHARS and _label(text) in _LISTING_LABELS)
        elif listing and looks_like_heading(text):
            flags[i] = True
        else:
            listing = False
    return flags
