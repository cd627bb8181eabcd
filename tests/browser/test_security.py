"""The safeguards tried as an attacker (or an unlucky clerk) would from a browser: guessing a
password locks only that username, another site cannot frame the admin, and a stale form is
refused with a Persian explanation, not an English error page that breaks the CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.seed import PASSWORD
from tests.browser.steps import login

pytestmark = pytest.mark.browser

LOCKOUT = ("برای این نام کاربری از این نشانی، ورود ناموفق بیش از حد تکرار شده است. برای امنیت شما، "
           "ورود با آن به مدت ۱۵ دقیقه متوقف شد. کاربران دیگر تحت تأثیر نیستند.")


def try_password(page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()


def test_five_wrong_passwords_lock_that_username_but_not_another_user_at_the_same_address(page, watch):
    watch.expect_console_error(r"/admin/login/: Failed to load resource: .* 429")
    for attempt in range(1, 5):
        try_password(page, "clerk2", f"wrong-password-{attempt}")
        expect(page.locator("#login-form")).to_be_visible()
        expect(page.locator(".errornote")).to_contain_text("نام کاربری")
    try_password(page, "clerk2", "wrong-password-5")
    expect(page.locator("#content-main .errornote")).to_have_text(LOCKOUT)
    # Locked: not even the right password opens it now.
    try_password(page, "clerk2", PASSWORD)
    expect(page.locator("#content-main .errornote")).to_have_text(LOCKOUT)
    expect(page.locator("#user-tools")).to_have_count(0)

    login(page, "supervisor")
    expect(page.locator("#user-tools")).to_contain_text("supervisor")


def test_another_site_cannot_frame_the_admin(page, watch, app, other_site):
    """The admin says DENY and frame-ancestors 'none', and the browser obeys; a static file, which
    may be framed, shows that the page would have displayed a frame it was allowed."""
    page.goto("/admin/login/")
    stylesheet = app.url(page.locator("link[rel=stylesheet]").first.get_attribute("href"))
    attacker = other_site.serve("/frame.html", f'<link rel="icon" href="data:,">'
                                               f'<iframe id="admin" src="{app.url("/admin/login/")}"></iframe>'
                                               f'<iframe id="control" src="{stylesheet}"></iframe>')
    watch.expect_console_error(r"frame-ancestors 'none'")
    with page.expect_response(app.url("/admin/login/")) as framed, \
            page.expect_console_message(lambda message: "frame-ancestors 'none'" in message.text):
        page.goto(attacker)
    headers = framed.value.headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]

    expect(page.frame_locator("#control").locator("body")).to_contain_text("--body-bg")
    expect(page.frame_locator("#admin").locator("#login-form")).to_have_count(0)
    assert [frame.url for frame in page.frames if frame.name == "admin"] == ["chrome-error://chromewebdata/"]


def test_a_stale_form_is_refused_with_a_persian_explanation(new_page, watch):
    """A clerk opens the login page in two tabs and logs in in one: the other tab's form carries
    a token that is no longer valid."""
    first = new_page()
    first.goto("/admin/login/")
    second = first.context.new_page()
    login(second, "clerk")

    first.locator("#id_username").fill("clerk")
    first.locator("#id_password").fill(PASSWORD)
    watch.expect_console_error(r"/admin/login/: Failed to load resource: .* 403")
    first.locator("#login-form [type=submit]").click()
    expect(first.locator("html")).to_have_attribute("lang", "fa")
    expect(first.locator("#content h1")).to_have_text("این فرم دیگر معتبر نیست")
