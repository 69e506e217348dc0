from academy.accessibility import label_task_checkboxes


def test_checklist_checkbox_gets_its_item_text_as_name() -> None:
    source = ('<ul class="task-list">\n<li class="task-list-item"><input type="checkbox" disabled/> Do <strong>this'
              '</strong> &amp; that</li>\n<li class="task-list-item"><input type="checkbox" disabled checked/> Done</li>')
    assert label_task_checkboxes(source) == (
        '<ul class="task-list">\n<li class="task-list-item"><input type="checkbox" disabled '
        'aria-label="Do this &amp; that"/> Do <strong>this</strong> &amp; that</li>\n'
        '<li class="task-list-item"><input type="checkbox" disabled checked aria-label="Done"/> Done</li>')


def test_other_html_is_left_alone() -> None:
    source = '<p><input type="checkbox"/> not a task item</p>'
    assert label_task_checkboxes(source) == source


def test_tables_are_wrapped_in_named_focusable_regions() -> None:
    from academy.accessibility import wrap_tables

    source = "<table><thead><tr><th>Minutes</th><th>Activity</th></tr></thead><tbody></tbody></table>"
    assert wrap_tables(source) == (
        '<div class="academy-table" role="region" tabindex="0" aria-label="Table: Minutes, Activity">'
        + source + "</div>")
