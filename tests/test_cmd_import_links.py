"""`citynet import pairs` never replaces a link it did not make with a new record."""

import os


def test_a_dangling_link_at_a_new_citys_path_is_left_and_the_city_takes_another_id(
        cli, make_registry, tmp_path):
    root = make_registry()
    link = root / "data" / "cities" / "busan.yaml"
    os.symlink("/nonexistent/busan.yaml", link)
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("city1,country1,city2,country2\nSeoul,South Korea,Busan,South Korea\n")
    run = cli("import", "pairs", str(pairs), root=root)
    assert run.exit_code == 0, run.stderr
    assert os.readlink(link) == "/nonexistent/busan.yaml"
    made = (root / "data" / "cities" / "busan-kr.yaml").read_text()
    assert "en: Busan" in made
    assert (root / "data" / "agreements" / "busan-kr-seoul-twinning.yaml").exists()
