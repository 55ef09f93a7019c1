from dedup.ranking import Member, decide_group, rank_key


def member(id_, license_type="permissive", stars=0, forks=0, timestamp="", sha="s", ghost=False):
    return Member(id_, sha, license_type, stars, forks, timestamp, ghost)


def test_licence_then_stars_forks_recency_then_id():
    ranked = sorted([
        member("f", "non_permissive", stars=1000),
        member("e", "no_license", stars=1000),
        member("d", stars=1, forks=0),
        member("c", stars=1, forks=5),
        member("b", stars=1, forks=5, timestamp="2024-05-01T00:00:00Z"),
        member("a", stars=1, forks=5, timestamp="2023-01-01"),
        member("a2", stars=1, forks=5, timestamp="2023-01-01"),
    ], key=rank_key)
    assert [m.id for m in ranked] == ["b", "a", "a2", "c", "d", "e", "f"]


def test_one_keeper_and_exact_or_near_reasons():
    group = [member("b", sha="x"), member("a", sha="x", stars=3), member("c", sha="y")]
    decisions = {d.id: d for d in decide_group("a", group)}
    assert decisions["a"].reason is None and decisions["a"].duplicate_of is None
    assert decisions["b"].reason == "dedup:exact" and decisions["b"].duplicate_of == "a"
    assert decisions["c"].reason == "dedup:near"
    assert {d.cluster_id for d in decisions.values()} == {"a"}


def test_singletons_decide_nothing():
    assert decide_group("a", [member("a")]) == []


def test_ghost_group_loses_every_real_member_and_keeps_no_ghost():
    group = [member("b", stars=100), member("a", ghost=True), member("c", "non_permissive")]
    decisions = {d.id: d for d in decide_group("a", group)}
    assert set(decisions) == {"b", "c"}
    assert all(d.reason == "optout:copy" and d.duplicate_of == "a" for d in decisions.values())


def test_hot_group_is_read_in_two_passes_without_sorting():
    class Once:
        """An iterable that can be read twice, like Beam's grouped values, but never indexed."""

        def __init__(self, items):
            self.items, self.passes = items, 0

        def __iter__(self):
            self.passes += 1
            return iter(self.items)

    values = Once([member(f"{i:05d}", stars=i % 7) for i in range(5000)])
    decisions = decide_group("00000", values)
    assert values.passes == 2 and len(decisions) == 5000
    assert sum(d.reason is None for d in decisions) == 1
