"""Page chrome: the rules one by one, and the chrome of the five seed texts (hand-checked)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.reading import read_source
from align.reading.chrome import (
    dateline_prefix,
    is_chrome_line,
    looks_like_heading,
    looks_like_name,
    mark_chrome,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

HEADLINE = "Party leader calls for advancing comprehensive diplomacy to new height"

CHROME = [
    # (1) furniture, English and Vietnamese, with counts and colons
    ("share", "Chia sẻ"),
    ("share bar", "Share | Facebook | Twitter | Email"),
    ("print", "Print"),
    ("email button", "E-mail"),
    ("tweet", "Tweet"),
    ("feedback", "Feedback"),
    ("related news", "Related News"),
    ("related articles", "Related articles:"),
    ("read more", "Read more »"),
    ("tin lien quan", "Tin liên quan"),
    ("tags", "Tags: diplomacy, Vietnam, foreign affairs"),
    ("tu khoa", "Từ khóa: ngoại giao"),
    ("comments with count", "Comments (12)"),
    ("back to top", "Back to top ↑"),
    ("advertisement", "ADVERTISEMENT"),
    ("copyright sign", "© 2026 Voice of Vietnam"),
    ("copyright word", "Copyright 2026 VNA. All rights reserved."),
    ("rights reserved", "Vietnam News Agency - All rights reserved"),
    # (2) captions
    ("caption marker", HEADLINE + " - ảnh 1"),
    (
        "caption marker and text",
        "Foreign affairs uphold role - ảnh 1Party chief speaks at the event.",
    ),
    ("english photo marker", "Delegates at the meeting - photo 2"),
    (
        "photo credit in parens",
        "Party General Secretary To Lam speaks at the conference. (Photo: VNA)",
    ),
    ("photo credit start", "Photo: VNA"),
    ("anh credit", "Ảnh: TTXVN"),
    ("file photo", "Hanoi's Old Quarter at night (File photo)"),
    (
        "photo via an agency in brackets",
        "President Lee Jae Myung delivers his speech in Seoul on Friday. (Pool photo via Yonhap)",
    ),
    (
        "agency and photographer in brackets",
        "Chinese President Xi Jinping delivers his 2022 New Year Address. (Xinhua/Ju Peng)",
    ),
    # (3) agency sign-offs
    ("vna/vnp", "VNA/VNP"),
    ("vna", "VNA"),
    ("afp in parens", "(AFP)"),
    ("reuters dashes", "-- Reuters"),
    ("slash dot", "/."),
    ("source", "Source: VNA"),
    ("acronym with slash", "TTXVN/VNP"),
    # (4) datelines and bylines, lines without letters
    ("dateline alone", "HANOI (VNA) –"),
    ("vovworld alone", "(VOVWORLD) -"),
    ("byline", "By Jane Smith"),
    ("byline two names", "By Jane Smith and Nguyen Van An"),
    ("reuters credits", "(Reporting by Khanh Vu; Editing by Ed Davies)"),
    ("scene break", "* * *"),
    ("rule", "----------"),
    ("zero width alone", "\u200b"),
]

TEXT = [
    ("heading", "Vietnam at the threshold of a new era"),
    ("heading in capitals", "PROMOTING COMPREHENSIVE FOREIGN AFFAIRS AT NEW HEIGHT"),
    ("headline", HEADLINE),
    ("heading with quotes", "Implementing the “key and regular” task of foreign affairs"),
    ("sentence", "The following is a translation of the article."),
    ("sentence about sharing", "Vietnam is ready to share its experience with partners."),
    ("sentence with dash", "He said - and we agree - that it is fine."),
    ("acronym heading", "NATO"),
    ("chapter", "CHAPTER I"),
    ("numbered heading", "Top 10 achievements of the year"),
    ("photo as a word", "Photography is an art form loved by many people in Hanoi."),
    ("by in a sentence", "By 2030, Vietnam aims to become a developing country."),
    ("colon sentence", "Note: the figures are preliminary."),
    ("long line", "word " * 300),
    ("source in a sentence", "GDP grew 7% last year (source: General Statistics Office)."),
    ("bracket after a sentence", "The meeting ended on time. (The talks resume on Monday.)"),
    ("acronym in brackets", "Delegates met the Association of Southeast Asian Nations. (ASEAN)"),
    ("agency sign-off after a sentence", "The two sides agreed to cooperate. (VNA/VNS)"),
    ("slash in brackets", "Prices rose for the third month. (Year-on-year/Monthly Change)"),
]


@pytest.mark.parametrize("line", [c[1] for c in CHROME], ids=[c[0] for c in CHROME])
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line, headline=HEADLINE)


@pytest.mark.parametrize("line", [c[1] for c in TEXT], ids=[c[0] for c in TEXT])
def test_text_lines(line: str) -> None:
    assert not is_chrome_line(line, headline=HEADLINE)


def test_caption_repeating_headline_needs_no_title_shape() -> None:
    # A long headline with a full stop inside is still recognised when it is the headline.
    headline = "Vietnam, Laos agree. Ties deepen in all fields, leaders say at the talks"
    assert not is_chrome_line(headline + " - ảnh 1 and then more words")
    assert is_chrome_line(headline + " - ảnh 1 and then more words", headline=headline)


@pytest.mark.parametrize(
    ("line", "prefix"),
    [
        ("(VOVWORLD) - The Congress opened.", "(VOVWORLD) - "),
        ("(VOVWORLD) -\u00a0The Congress opened.", "(VOVWORLD) -\u00a0"),
        ("HANOI (VNA) – The Prime Minister said.", "HANOI (VNA) – "),
        ("Hà Nội (TTXVN) - Thủ tướng nói.", "Hà Nội (TTXVN) - "),
        ("HANOI, Feb 18 (VNA) - Text here.", "HANOI, Feb 18 (VNA) - "),
        ("WASHINGTON — The president said.", "WASHINGTON — "),
        ("NEW YORK, Feb. 3, 2026 -- Stocks fell.", "NEW YORK, Feb. 3, 2026 -- "),
        ("(Reuters) - Oil prices rose.", "(Reuters) - "),
        ("MOSCOW, August 3. /TASS/. Russian President said.", "MOSCOW, August 3. /TASS/. "),
        ("KYIV, Dec 31 /Ukrinform/ - The president said.", "KYIV, Dec 31 /Ukrinform/ - "),
        ("MOSCOW /TASS/ - The ministry said.", "MOSCOW /TASS/ - "),
        ("Moscow, August 3. /TASS/. Lower-case place.", ""),
        ("MOSCOW, Someday 3. /TASS/. No month.", ""),
        ("He said and /or she did.", ""),
        ("Note: this is it.", ""),
        ("Trade grew - and fast.", ""),
        ("The minister (VNA) - said.", ""),
        ("NATO - the alliance said so.", ""),
        ("(Laughs) - okay then.", ""),
        ("Hanoi - The city is big.", ""),
        ("HANOI, Someday 18 (VNA) - Text.", ""),
        ("", ""),
    ],
)
def test_dateline_prefix(line: str, prefix: str) -> None:
    assert line[: dateline_prefix(line)] == prefix


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Vietnam at the threshold of a new era", True),
        ("14th Congress sets course", True),
        ("The following is a translation of the article.", False),
        ("“Quoted speech without a full stop”", False),
        ("a lowercase line", False),
        ("Word " * 25, False),
        ("Two lines\nof heading", False),
        ("Ends with a comma,", False),
    ],
)
def test_looks_like_heading(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("To Lam", True),
        ("Tran Thuong", True),
        ("Nguyễn Thị Bình", True),
        ("Jane O'Brien", True),
        ("Related News", False),
        ("The Bennets", False),
        ("VIET NAM", False),
        ("Vietnam", False),
        ("General Secretary of the Communist Party", False),
        ("Jane Smith.", False),
    ],
)
def test_looks_like_name(line: str, expected: bool) -> None:
    assert looks_like_name(line) is expected


def test_mark_chrome_byline_under_title() -> None:
    texts = [
        "PROMOTING COMPREHENSIVE FOREIGN AFFAIRS AT NEW HEIGHT",
        "To Lam",
        "General Secretary of the Communist Party of Vietnam Central Committee",
        "Looking back at the history of Vietnam's revolution, fortunes changed.",
    ]
    assert mark_chrome(texts) == [False, True, True, False]


def test_mark_chrome_byline_then_body() -> None:
    texts = ["A long title for the story", "Jane Smith", "Body text of the story follows."]
    assert mark_chrome(texts) == [False, True, False]


def test_mark_chrome_keeps_chapter_titles() -> None:
    # A short chapter marker is no article title: what follows is a heading, not a byline.
    texts = ["CHAPTER I", "Mary Lennox", "When Mary Lennox was sent to live with her uncle."]
    assert mark_chrome(texts) == [False, False, False]


def test_mark_chrome_signature_at_end() -> None:
    texts = ["Body text of the story.", "More body text here.", "Tran Thuong"]
    assert mark_chrome(texts) == [False, False, True]
    assert mark_chrome(["Tran Thuong"]) == [False]  # no body: nothing to sign


def test_mark_chrome_related_list() -> None:
    texts = [
        "Body text of the story.",
        "Related News",
        "Vietnam and Laos strengthen special ties",
        "Prime Minister receives Japanese delegation",
        "Another body paragraph, a full sentence.",
        "A heading after body text",
    ]
    assert mark_chrome(texts) == [False, True, True, True, False, False]


def test_mark_chrome_respects_given_flags() -> None:
    assert mark_chrome(["Some text here.", "Also text."], chrome=[True, False]) == [True, False]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=700), st.text(max_size=80))
def test_property_rules_never_fail(line: str, headline: str) -> None:
    is_chrome_line(line, headline=headline)
    assert 0 <= dateline_prefix(line) <= len(line)
    looks_like_heading(line)
    looks_like_name(line)


def test_rules_are_fast_on_hostile_lines() -> None:
    lines = [
        "(" + "A" * 590,
        "A " * 299 + "-",
        "- " * 299 + "ảnh",
        "(" + "Photo " * 99,
        "By " + "Aa " * 190,
        "\u00a0" * 600,
        "HANOI, " * 85,
    ]
    started = time.perf_counter()
    for _ in range(20):
        for line in lines:
            is_chrome_line(line, headline=line[:80])
            dateline_prefix(line)
    assert time.perf_counter() - started < 2


# --- The seeds, hand-checked ------------------------------------------------

SEED_CHROME = {
    "commentary-foreign-policy-14th-congress.txt": [],
    "foreign-minister-le-hoai-trung-14th-congress.txt": ["Tran Thuong"],
    "vna-to-lam-comprehensive-foreign-affairs.txt": [
        "To Lam",
        "General Secretary of the Communist Party of Vietnam Central Committee",
        "VNA/VNP",
    ],
    "vov-nguyen-phu-trong-2021-foreign-affairs-conference.txt": [
        "(VOVWORLD) -",
        "Foreign affairs uphold pioneering role, maintain stability, elevate national status"
        " - ảnh 1Party\u00a0General Secretary Nguyen Phu Trong addresses the National Conference"
        " on Foreign Affairs on Dec 14, 2021.",
        "Related News",
    ],
    "vov-to-lam-comprehensive-diplomacy.txt": [
        "Chia sẻ",
        "(VOVWORLD) -",
        HEADLINE + " - ảnh 1",
        "Feedback",
    ],
}

SEED_HEADINGS = {
    "commentary-foreign-policy-14th-congress.txt": [],
    "foreign-minister-le-hoai-trung-14th-congress.txt": [],
    "vna-to-lam-comprehensive-foreign-affairs.txt": [
        "PROMOTING COMPREHENSIVE FOREIGN AFFAIRS AT NEW HEIGHT",
        "Vietnam at the threshold of a new era",
        "Advancing comprehensive foreign affairs at new height",
        "Implementing the “key and regular” task of foreign affairs",
    ],
    "vov-nguyen-phu-trong-2021-foreign-affairs-conference.txt": [
        "Foreign affairs uphold pioneering role, maintain stability, elevate national status",
    ],
    "vov-to-lam-comprehensive-diplomacy.txt": [HEADLINE],
}


@pytest.mark.parametrize("name", sorted(SEED_CHROME))
def test_seed_chrome(name: str) -> None:
    source = read_source(str(SEEDS / name))
    assert source.format == "text" and source.encoding == "utf-8"
    chrome = [source.text[b.start : b.end] for b in source.blocks if b.chrome]
    headings = [source.text[b.start : b.end] for b in source.blocks if b.heading]
    assert chrome == SEED_CHROME[name]
    assert headings == SEED_HEADINGS[name]
    assert source.title == (SEED_HEADINGS[name] or [""])[0]
    # Every non-blank line of the file is covered by blocks (one a line, or a dateline split).
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    assert len({b.paragraph for b in source.blocks}) == len(lines)


def test_seed_dateline_split_keeps_the_sentence() -> None:
    source = read_source(str(SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"))
    dateline, body = (b for b in source.blocks if b.paragraph == 2)
    assert dateline.chrome and not body.chrome
    assert source.text[body.start : body.end].startswith("The 14th National Congress")


@pytest.mark.parametrize(
    "line",
    [
        "Your email address will not be published. Required fields are marked *",
        "We use cookies to improve your experience on our website.",
        "This website uses cookies.",
        "Sign up for our daily newsletter",
        "Subscribe to the Morning Brief newsletter",
        "Image credit: AFP",
        "Photo: Reuters/John Smith",
        "Photo by Kim Hong-Ji",
        "Translated by H. A. Giles",
        "Produced by David Widger",
        "First published in 1923.",
        "Contents",
    ],
)
def test_site_notices_credits_and_front_matter_are_chrome(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photo shows the two leaders shaking hands in Hanoi.",
        "Translated by many hands over a century, the book sold widely across the country.",
        "Cookies and cakes were served to the delegates at the reception.",
        "Contents of the agreement were not disclosed.",
    ],
)
def test_body_text_about_photos_and_translations_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


# --- One set of rules for every format ----------------------------------------------


def _as_page(text: str, *, heading_tag: str) -> str:
    """``text`` as a news site serves it: one ``<p>`` a line, lines in capitals in
    ``heading_tag``, a menu above and a copyright line below."""
    import html

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = []
    for line in lines:
        tag = heading_tag if line.isupper() else "p"
        body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>News</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        "<main><article>" + "\n".join(body) + "</article></main>"
        "<footer><p>© 2026 News Agency. All rights reserved.</p></footer></body></html>"
    )


def _body(path: Path) -> list[str]:
    """The text of a file's non-chrome blocks, whitespace collapsed."""
    source = read_source(path)
    return [" ".join(source.text[b.start : b.end].split()) for b in source.blocks if not b.chrome]


@pytest.mark.parametrize("heading_tag", ["p", "h2"])
@pytest.mark.parametrize(
    "seed", ["vna-to-lam-comprehensive-foreign-affairs", "vov-to-lam-comprehensive-diplomacy"]
)
def test_a_seed_as_text_and_as_html_has_one_body(
    seed: str, heading_tag: str, tmp_path: Path
) -> None:
    # The VNA byline ("To Lam", his job title) under the article's title in
    # capitals was chrome in the .txt but body text in a page that sets them
    # in <p>: two rows "only in B" when the two were compared.
    text_path = SEEDS / f"{seed}.txt"
    page = tmp_path / f"{seed}.html"
    page.write_text(_as_page(text_path.read_text("utf-8"), heading_tag=heading_tag), "utf-8")
    assert _body(page) == _body(text_path)

    from align import compare

    comparison = compare(text_path, page, jobs=1)
    assert comparison.pairs
    assert all(p.relation == "match" and not p.edits for p in comparison.pairs)


@pytest.mark.parametrize("heading_style", [None, "Heading 2"])
@pytest.mark.parametrize(
    "seed", ["vna-to-lam-comprehensive-foreign-affairs", "vov-to-lam-comprehensive-diplomacy"]
)
def test_a_seed_as_text_and_as_word_has_one_body(
    seed: str, heading_style: str | None, tmp_path: Path
) -> None:
    import docx

    text_path = SEEDS / f"{seed}.txt"
    document = docx.Document()
    for line in text_path.read_text("utf-8").splitlines():
        if line.strip():
            style = heading_style if line.strip().isupper() else None
            document.add_paragraph(line.strip(), style=style)
    word = tmp_path / f"{seed}.docx"
    document.save(str(word))
    assert _body(word) == _body(text_path)


def test_vna_byline_is_chrome_in_html(tmp_path: Path) -> None:
    # Hand-checked: the name and the job title under the title are the page's, not the article's.
    seed = SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt"
    page = tmp_path / "vna.html"
    page.write_text(_as_page(seed.read_text("utf-8"), heading_tag="p"), "utf-8")
    source = read_source(page)
    chrome = {" ".join(source.text[b.start : b.end].split()) for b in source.blocks if b.chrome}
    byline = {"To Lam", "General Secretary of the Communist Party of Vietnam Central Committee"}
    assert byline <= chrome


MADE_UP_STORY = [
    "Harbour authority opens a new container terminal in the north",
    "Maria Okonkwo",
    "Senior correspondent for trade and shipping",
    "The terminal, built over four years, will double the port's capacity.",
    "Officials said the first ships would dock there next month.",
]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><article>{}</article></body></html>".format(
            "".join(f"<p>{line}</p>" for line in MADE_UP_STORY)
        ),
        "<html><body><article><h1>{}</h1>{}</article></body></html>".format(
            MADE_UP_STORY[0], "".join(f"<p>{line}</p>" for line in MADE_UP_STORY[1:])
        ),
        "<html><body><article><p><strong>{}</strong></p><div>{}</div>{}</article></body></html>".format(
            MADE_UP_STORY[0],
            "<br>".join(MADE_UP_STORY[1:3]).replace("<br>", "</div><div>"),
            "".join(f"<p>{line}</p>" for line in MADE_UP_STORY[3:]),
        ),
    ],
    ids=["all p", "h1 title", "divs"],
)
def test_a_byline_under_a_title_is_chrome_in_every_format(page: str, tmp_path: Path) -> None:
    # The rule is the same whatever the markup: name and job title under a
    # title-like line, then body text.
    text = tmp_path / "story.txt"
    text.write_text("\n\n".join(MADE_UP_STORY) + "\n", "utf-8")
    html_path = tmp_path / "story.html"
    html_path.write_text(page, "utf-8")
    expected = [MADE_UP_STORY[0], *MADE_UP_STORY[3:]]
    assert _body(text) == expected
    assert _body(html_path) == expected


def test_blocks_the_extractor_gives_out_of_page_order_are_kept() -> None:
    """Tumblr's page as trafilatura gave it: the post first, then the blog's name
    (from the table it is laid out in). The in-order match jumped past the post
    to the name and lost the post entirely; the post is kept, the links are not."""
    from align.reading.html import _kept_by_extractor
    from align.reading.paragraphs import _Paragraph

    blocks = [
        "Minecraft News",
        "Powered by Tumblr",
        "Minecraft 1.8 - The Bountiful Update",
        "+ Added Granite, Andesite, and Diorite stone blocks\n+ Added Slime Block",
        "Official links:",
        "Minecraft.net\nMinecraft Realms",
    ]
    main = (
        "| Minecraft 1.8 - The Bountiful Update + Added Granite, Andesite, and Diorite stone"
        " blocks + Added Slime Block |\nMinecraft News Powered by Tumblr"
    )
    kept = _kept_by_extractor([_Paragraph(text, False, False) for text in blocks], main)
    assert kept == [True, True, True, True, False, False]


def test_a_block_kept_out_of_order_is_kept_no_more_often_than_the_extractor_has_it() -> None:
    from align.reading.html import _kept_by_extractor
    from align.reading.paragraphs import _Paragraph

    blocks = ["Sidebar teaser text", "The council met on Monday.", "Sidebar teaser text"]
    main = "The council met on Monday. Sidebar teaser text follows"
    kept = _kept_by_extractor([_Paragraph(text, False, False) for text in blocks], main)
    assert kept == [True, True, False]


@pytest.mark.parametrize(
    "hidden",
    [
        '<span class="visually-hidden"> (opens in a new window)</span>',
        '<span class="sr-only">Opens a new window</span>',
        '<span class="icon screen-reader-text">External link</span>',
    ],
)
def test_screen_reader_only_text_is_not_read_into_the_sentence(tmp_path: Path, hidden: str) -> None:
    """Text only screen readers get (NYT's, WordPress's, Bootstrap's classes) is no
    article text; read inline it glued words: "saidOpens a new window"."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><a class="screen-reader-text skip-link" href="#main">Skip to main content</a>'
        f"<article><h1>{MADE_UP_STORY[0]}</h1><p>{MADE_UP_STORY[3]}</p>"
        f'<p>Officials said <a href="#">in a statement{hidden}</a> that ships dock next month.</p>'
        "</article></body></html>",
        "utf-8",
    )
    source = read_source(page)
    assert "Skip to main content" not in source.text
    body = [" ".join(source.text[b.start : b.end].split()) for b in source.blocks if not b.chrome]
    assert "Officials said in a statement that ships dock next month." in body


def test_an_entity_the_page_escaped_twice_still_matches_the_extractor() -> None:
    """ "400&amp;percnt;" on the page reads "400&percnt;"; the extractor's text has
    "400%". The paragraph is the article's all the same."""
    from align.reading.html import _kept_by_extractor
    from align.reading.paragraphs import _Paragraph

    blocks = ["The company witnessed a 400&percnt; increase in sign-ups.", "Share this"]
    kept = _kept_by_extractor(
        [_Paragraph(text, False, False) for text in blocks],
        "The company witnessed a 400% increase in sign-ups.",
    )
    assert kept == [True, False]


def test_a_long_block_with_a_credit_the_extractor_left_out_is_kept() -> None:
    """MSN's article paragraph begins with the photo's credit, which the extractor
    drops: the block's start is nowhere in the extracted text, most of it is."""
    from align.reading.html import _kept_by_extractor
    from align.reading.paragraphs import _Paragraph

    body = (
        "Nintendo and Apple shocked the world earlier this year by announcing a new game, "
        "the company's first foray into mobile gaming, and it launches next month for a flat fee."
    )
    blocks = ["© Provided by Business Insider Inc Nintendo/Apple " + body, "Sponsored: Buy now"]
    kept = _kept_by_extractor([_Paragraph(text, False, False) for text in blocks], body)
    assert kept == [True, False]


GUTENBERG = Path(__file__).parent / "fixtures" / "reading" / "gutenberg-wrapper.txt"


def test_a_gutenberg_books_header_and_licence_are_chrome(tmp_path: Path) -> None:
    """Made by hand in Project Gutenberg's layout: only the book between START and END is read."""
    body = [
        "CHAPTER I.",
        "It was a bright cold day in April, and the clocks were striking thirteen. "
        "The hallway smelt of boiled cabbage.",
        "He went home.",
    ]
    source = read_source(GUTENBERG)
    kept = [source.text[b.start : b.end] for b in source.blocks if not b.chrome]
    assert kept == body
    # The same book as Gutenberg's HTML edition lays it out.
    paragraphs = GUTENBERG.read_text(encoding="utf-8").split("\n\n")
    html = "".join(
        f"<h2>{p}</h2>" if p.startswith("CHAPTER") else f"<p>{p.strip()}</p>" for p in paragraphs
    )
    page = tmp_path / "book.html"
    page.write_text(f"<html><body><section class='pg-boilerplate'>{html}</section></body></html>")
    source = read_source(page)
    kept = [source.text[b.start : b.end] for b in source.blocks if not b.chrome]
    assert kept[-2:] == body[1:]
    assert not any("Gutenberg" in k or "Title:" in k or "editions" in k for k in kept), kept
