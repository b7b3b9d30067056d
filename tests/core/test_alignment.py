from okrs.core.alignment import creates_cycle

# company <- department <- team
PARENTS = {3: [2], 2: [1], 1: []}


def parents_of(pk):
    return PARENTS.get(pk, [])


def test_it_allows_a_link_up_the_tree():
    assert not creates_cycle(child=3, parent=1, parents_of=parents_of)


def test_it_rejects_a_link_that_closes_a_loop():
    assert creates_cycle(child=1, parent=3, parents_of=parents_of)


def test_it_rejects_a_link_to_itself():
    assert creates_cycle(child=2, parent=2, parents_of=parents_of)
