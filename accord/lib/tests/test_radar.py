from xml.etree import ElementTree

from accord.lib.radar import Series, radar_chart

AXES = ["Alignment", "Trust", "Roles", "Communication", "Contingency", "Long-term"]
SVG = "{http://www.w3.org/2000/svg}"


def _chart(*series: Series) -> ElementTree.Element:
    return ElementTree.fromstring(
        radar_chart(
            chart_id="h", title="Health", description="Six practices", axes=AXES, series=series
        )
    )


def test_it_draws_one_vertex_per_known_value_and_none_for_an_unknown():
    root = _chart(Series("Evidence", [80, 60, None, 40, 90, 70]))
    polygon = root.find(f"{SVG}polygon[@class='radar-series']")
    assert polygon is not None
    assert len(polygon.get("points", "").split()) == 5
    tips = [c.findtext(f"{SVG}title") for c in root.iter(f"{SVG}circle")]
    assert "Evidence: Roles" not in " ".join(tips)
    assert "Evidence: Trust 60" in tips


def test_a_value_of_zero_sits_at_the_centre_and_one_of_a_hundred_on_the_rim():
    root = _chart(Series("Evidence", [0, 100, 100, 100, 100, 100]))
    circles = list(root.iter(f"{SVG}circle"))
    assert (circles[0].get("cx"), circles[0].get("cy")) == ("180.0", "180.0")
    assert circles[1].get("cx") != "180.0"


def test_every_text_is_escaped_and_each_series_has_a_legend():
    root = _chart(Series("<b>Acme & Co</b>", [50] * 6), Series("Globex", [None] * 6))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>Acme & Co</b>" in texts and "Globex" in texts
    assert root.find(f"{SVG}polygon[@class='radar-series']") is not None
