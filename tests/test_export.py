"""Data for researchers: the static JSON API validates against its schema, the CSV round-trips."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from generator.site.export import CSV_FIELDS, SCHEMA


def _valid(data, definition: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, {**schema, "$ref": f"#/$defs/{definition}"})


def test_json_files_follow_the_schema(fixture_site):
    data = fixture_site / "data"
    issues = json.loads((data / "issues.json").read_text(encoding="utf-8"))
    _valid(issues, "issues")
    assert [i["date"] for i in issues] == sorted(p.name for p in (fixture_site / "issues").glob("????-??-??"))
    for issue in issues:
        one = json.loads((fixture_site / issue["data"]).read_text(encoding="utf-8"))
        _valid(one, "issue_file")
        assert len(one["items"]) == issue["articles"] and (fixture_site / one["url"]).is_file()
        assert all((fixture_site / a["url"]).is_file() for a in one["items"])
    march = json.loads((data / "issues/2023-03-14.json").read_text(encoding="utf-8"))
    assert [a["page"] for a in march["items"]] == [1, 1, 2, 2, 3] and march["number"] == 1520
    people = json.loads((data / "people.json").read_text(encoding="utf-8"))
    _valid(people, "people")
    liu = next(p for p in people if p["name"] == "刘洋")
    assert liu["reporter"] >= 1 and liu["first"] <= liu["last"]
    _valid(json.loads((data / "sections.json").read_text(encoding="utf-8")), "sections")
    places = json.loads((data / "places.json").read_text(encoding="utf-8"))
    _valid(places, "sections")  # the same shape: name, slug, count, link
    assert {p["name"] for p in places} == {"古楼街道", "柳园街道", "沙镇镇"}
    assert json.loads((data / "schema.json").read_text(encoding="utf-8"))["$defs"]
    # A broken record is caught: the schema is not a formality.
    bad = [dict(issues[0], date="14/03/2023")]
    try:
        _valid(bad, "issues")
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a malformed date passed the schema")


def test_the_csv_opens_in_excel_and_round_trips(fixture_site):
    raw = (fixture_site / "data/articles.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == [name for name, _ in CSV_FIELDS]
    issues = json.loads((fixture_site / "data/issues.json").read_text(encoding="utf-8"))
    assert len(rows) == sum(i["articles"] for i in issues)
    mushroom = next(r for r in rows if "小小蘑菇" in r["title"])
    assert mushroom["page"] == "2" and mushroom["reporters"] == "刘洋" and mushroom["correspondents"] == "陈红"
    assert next(r for r in rows if "消防安全" in r["title"])["place"] == "古楼街道"
    assert mushroom["fragment"] == "false" and (fixture_site / mushroom["url"]).is_file()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    assert ("\ufeff" + out.getvalue()).encode("utf-8") == raw


def test_the_data_page_documents_every_field(page, fixture_site):
    page.goto((fixture_site / "index.html").as_uri())
    page.get_by_role("link", name="数据下载").click()
    page.wait_for_url("**/data/index.html")
    cells = page.locator(".fields tbody td code").all_inner_texts()
    assert cells == [name for name, _ in CSV_FIELDS]
    assert page.locator("a", has_text="articles.csv").get_attribute("href") == "articles.csv"
    assert page.problems == []


def test_full_text_per_year_follows_the_schema_and_holds_every_article(fixture_site):
    import gzip

    data = fixture_site / "data"
    page = (data / "index.html").read_text(encoding="utf-8")
    years = sorted(p.name for p in (data / "fulltext").glob("*.jsonl.gz"))
    assert years and all(f'href="fulltext/{y}" download' in page for y in years)
    csv_ids = [row["id"] for row in csv.DictReader(io.StringIO((data / "articles.csv").read_text(encoding="utf-8-sig")))]
    seen = []
    for name in years:
        raw = (data / "fulltext" / name).read_bytes()
        assert raw[4:8] == b"\0\0\0\0"  # no time in the gzip header: the same content gives the same bytes
        for line in gzip.decompress(raw).decode("utf-8").splitlines():
            record = json.loads(line)
            _valid(record, "fulltext")
            assert record["date"].startswith(name[:4]) and record["text"]
            seen.append(record["id"])
    assert seen == csv_ids  # every article, once, in the CSV's order
    mushroom = next(json.loads(line) for line in gzip.decompress((data / "fulltext" / "2023.jsonl.gz").read_bytes())
                    .decode("utf-8").splitlines() if json.loads(line)["id"] == "2023-03-14-03")
    assert mushroom["subheads"] == ["科技赋能提品质", "订单农业稳销路"]
    assert "科技赋能提品质\n“以前种蘑菇全凭经验" in mushroom["text"] and "##" not in mushroom["text"]
