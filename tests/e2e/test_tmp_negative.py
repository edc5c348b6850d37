from tests.e2e.test_studio_editor import open_editor


def test_console_error_fails(page, workbench_url):
    open_editor(page, workbench_url)
    page.evaluate("console.error('boom')")
