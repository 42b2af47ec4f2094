import pytest

from newsprobe.errors import InputError
from newsprobe.ingest import article_from_bytes

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bridge reopens after repairs | Valley Post</title>
<meta property="og:site_name" content="Valley Post">
<meta name="author" content="Jane Ortega">
<meta property="article:published_time" content="2023-06-14T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>RIVERTON — The old iron bridge reopened to traffic on Tuesday after eight months of repairs, the county said.</p>
<p>“It is stronger than the day it was built,” said chief engineer Lena Farrow, who led the work.</p>
<p>Residents had complained that the detour added forty minutes to each trip across the valley.</p>
<p>The county spent 4.2 million dollars on the project, according to its budget office.</p>
</article><footer>© 2023 Valley Post. All rights reserved.</footer></body></html>"""


def test_article_text_and_metadata_are_extracted() -> None:
    article = article_from_bytes(PAGE.encode(), source="page.html", max_bytes=1_000_000)
    assert "old iron bridge reopened" in article.text
    assert "Home" not in article.body.text
    assert article.title and "Bridge reopens" in article.title
    assert article.outlet == "Valley Post"
    assert article.authors == ("Jane Ortega",)
    assert article.published == "2023-06-14"
    assert article.dateline == "RIVERTON"


def test_page_with_no_article_is_refused_clearly() -> None:
    with pytest.raises(InputError, match=r"\[E004\]"):
        article_from_bytes(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", max_bytes=1_000_000)


def test_broken_html_does_not_crash() -> None:
    broken = b"<html><body><p>The council voted on Monday to <b>close the pool. <p>Unclosed <div>tags everywhere"
    try:
        article = article_from_bytes(broken, max_bytes=1_000_000)
    except InputError as error:
        assert error.code == "E004"
    else:
        assert "council voted" in article.text
