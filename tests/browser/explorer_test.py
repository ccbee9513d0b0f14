#!/usr/bin/env python3
"""The emulator's explorer page (GET /_emulator/ui) in headless Chromium, driven by Selenium.

Starts xbl-mpsd-emulator (manual clock, 127.0.0.1, a free port), creates sessions with the xblmp
CLI (the SDK), opens the page and checks: the session list, a session's members and history, that a
write shows up within 2 s without a reload, that markup in a property or gamertag renders as text,
the manual clock and its advance buttons, a deletion, and the request log with its filter. A PNG of
each view is saved in the screenshot folder.

usage: explorer_test.py --emulator PATH --xblmp PATH --screenshots DIR [--case NAME]
"""
import argparse
import os
import select
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SCID = "c0f0c0f0-0000-4000-8000-000000000001"  # the built-in fixture templates
LIVE_WAIT_S = 2       # the page must show a write this quickly, without a reload
LOAD_WAIT_S = 10      # first loads (browser start-up included)
SCRIPT_PROPERTY = "<script>window.__xbl_injected = 1</script>"
MARKUP_GAMERTAG = "<img src=x>Bravo"


class Emulator:
    """xbl-mpsd-emulator on 127.0.0.1 with a free port, stopped by terminate()."""

    def __init__(self, path):
        self.process = subprocess.Popen([path, "--manual-clock", "--no-rate-limit", "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], LOAD_WAIT_S)
        line = self.process.stdout.readline() if ready else ""
        prefix = "listening on "
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError("the emulator did not start: %r" % line)
        self.url = line[len(prefix):].strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Explorer:
    def __init__(self, args):
        self.args = args
        self.emulator = Emulator(args.emulator)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(LOAD_WAIT_S)
        self.driver.set_script_timeout(LOAD_WAIT_S)

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.emulator.stop()

    # ---- the SDK side ----

    def xblmp(self, xuid, *words, claims=None):
        command = [self.args.xblmp, "--endpoint", self.emulator.url, "--xuid", xuid]
        if claims:
            command += ["--claims", claims]
        command += list(words)
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise AssertionError("xblmp %s failed (%d): %s" % (" ".join(words), done.returncode, done.stderr))
        return done.stdout

    def seed(self):
        self.xblmp("1001", "session", "join", SCID, "open", "lobby-1", "--active", claims="gamertag=Alpha")
        self.xblmp("1002", "session", "join", SCID, "open", "lobby-1", "--active", claims="gamertag=" + MARKUP_GAMERTAG)
        self.xblmp("1001", "session", "update", SCID, "open", "lobby-1", "--custom", "map=\"dust\"",
                   "--custom", "note=" + '"' + SCRIPT_PROPERTY.replace('"', '\\"') + '"')
        self.xblmp("1003", "session", "join", SCID, "timers", "short-lived", claims="gamertag=Charlie")

    # ---- the browser side ----

    def wait(self, seconds, condition, what):
        return WebDriverWait(self.driver, seconds, poll_frequency=0.05).until(lambda d: condition(), message=what)

    def open(self, fragment):
        self.driver.get(self.emulator.url + "/_emulator/ui" + fragment)

    def texts(self, css):
        """The visible text of every element matching `css`, read in one script: the page re-renders
        on every change it is told of, so an element found in one call may be gone by the next."""
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.innerText.trim());", css)

    def text(self, css):
        found = self.texts(css)
        return found[0] if found else ""

    def click(self, css, what):
        """Clicks the element matching `css`, finding it again if a re-render replaced it first."""
        def clicked():
            try:
                self.driver.find_element(By.CSS_SELECTOR, css).click()
                return True
            except (StaleElementReferenceException, NoSuchElementException):
                return False
        self.wait(LOAD_WAIT_S, clicked, what)

    def shot(self, name):
        os.makedirs(self.args.screenshots, exist_ok=True)
        path = os.path.join(self.args.screenshots, name + ".png")
        if not self.driver.save_screenshot(path):
            raise AssertionError("could not save " + path)

    def reload_marker(self):
        # A value on window survives only while the page is not reloaded.
        self.driver.execute_script("window.__xbl_no_reload = true;")

    def assert_not_reloaded(self):
        assert self.driver.execute_script("return window.__xbl_no_reload === true;"), "the page was reloaded"

    def session_row(self, name):
        """The list row of session `name` as plain data (read in one script, so a re-render between
        two reads cannot leave a stale element), or None."""
        return self.driver.execute_script("""
            for (const row of document.querySelectorAll('#session-list tbody tr')) {
              if (row.dataset.name !== arguments[0]) continue;
              return {live: row.dataset.live, text: row.innerText,
                      chips: Array.from(row.querySelectorAll('.chip')).map((c) => ({text: c.textContent, cls: c.className}))};
            }
            return null;""", name)

    def open_session(self, template, name):
        self.open("#/session/%s/%s/%s" % (SCID, template, name))
        self.wait(LOAD_WAIT_S, lambda: self.text("#session-name") == name, "the session view of " + name)


def session_list_shows_sessions_members_and_state(x):
    x.open("")
    x.wait(LOAD_WAIT_S, lambda: x.session_row("lobby-1") is not None and x.session_row("short-lived") is not None,
           "both sessions listed")
    row = x.session_row("lobby-1")
    assert [c["text"] for c in row["chips"]] == ["Alpha", MARKUP_GAMERTAG], row
    assert all("status-active" in c["cls"] for c in row["chips"]), row
    assert "live" in row["text"] and "open" in row["text"], row
    charlie = x.session_row("short-lived")["chips"]
    assert [c["text"] for c in charlie if "status-inactive" in c["cls"]] == ["Charlie"], charlie
    assert x.text("#feed-state") == "live"
    x.shot("session-list")


def session_view_shows_members_properties_and_history(x):
    x.open_session("open", "lobby-1")
    x.wait(LOAD_WAIT_S, lambda: len(x.texts("#members tbody tr.member")) == 2, "two members")
    members = x.texts("#members tbody tr.member")
    assert "Alpha" in members[0] and "1001" in members[0] and "active" in members[0]
    assert x.text("#members tbody tr.member:nth-child(2) .gamertag") == MARKUP_GAMERTAG
    assert "dust" in x.text("#custom-properties")
    versions = x.texts("#history .version")
    assert len(versions) == 3, len(versions)
    newest = versions[0]
    assert "change #3" in newest and "PUT" in newest and "by 1001" in newest, newest
    assert "/properties/custom/map" in newest, newest
    assert "change #1" in versions[-1] and "(whole document)" in versions[-1]
    x.shot("session-view")


def a_write_shows_within_two_seconds_without_reload(x):
    x.open_session("open", "lobby-1")
    x.wait(LOAD_WAIT_S, lambda: len(x.texts("#history .version")) == 3, "three versions")
    x.reload_marker()
    x.xblmp("1002", "session", "update", SCID, "open", "lobby-1", "--custom", "round=2")
    x.wait(LIVE_WAIT_S, lambda: len(x.texts("#history .version")) == 4, "the fourth version within 2 s")
    x.wait(LIVE_WAIT_S, lambda: '"round": 2' in x.text("#custom-properties"), "the new property within 2 s")
    assert "by 1002" in x.text("#history .version")
    x.assert_not_reloaded()


def markup_in_properties_and_gamertags_renders_as_text(x):
    x.open_session("open", "lobby-1")
    x.wait(LOAD_WAIT_S, lambda: SCRIPT_PROPERTY in x.text("#custom-properties"), "the script property as text")
    assert SCRIPT_PROPERTY in x.text("#history"), "the patch shows the property as text"
    assert x.driver.execute_script("return window.__xbl_injected === undefined;"), "the property's script ran"
    assert len(x.texts("main script")) == 0, "a script element was created from data"
    assert len(x.texts("main img")) == 0, "an img element was created from a gamertag"


def manual_clock_is_shown_and_advances_timers(x):
    x.open_session("timers", "short-lived")
    x.wait(LOAD_WAIT_S, lambda: x.text("#clock-kind") == "manual", "the manual clock")
    assert x.text("#clock").startswith("2026-01-01 00:00:00"), x.text("#clock")
    x.wait(LOAD_WAIT_S, lambda: "in 1.0 s" in x.text("#timers tbody"), "the inactive member's timer")
    x.shot("session-timers")
    x.reload_marker()
    x.click("[data-advance='1000']", "the advance-by-1-s button")
    x.wait(LIVE_WAIT_S, lambda: x.text("#clock").startswith("2026-01-01 00:00:01"), "the clock moved on by 1 s")
    x.wait(LIVE_WAIT_S, lambda: "due" in x.text("#timers tbody"), "the timer is due")
    x.assert_not_reloaded()


def a_deleted_session_stays_in_the_list_with_its_history(x):
    x.open("")
    x.wait(LOAD_WAIT_S, lambda: x.session_row("lobby-1") is not None, "the list")
    x.reload_marker()
    x.xblmp("1001", "session", "leave", SCID, "open", "lobby-1")
    x.xblmp("1002", "session", "leave", SCID, "open", "lobby-1")
    x.wait(LIVE_WAIT_S, lambda: x.session_row("lobby-1") is not None and
           x.session_row("lobby-1")["live"] == "false", "lobby-1 shown deleted within 2 s")
    x.assert_not_reloaded()
    x.open_session("open", "lobby-1")
    x.wait(LOAD_WAIT_S, lambda: "deleted" in x.text("#history .version"), "the deletion in the history")
    assert "DELETE" in x.text("#history .version") and "by 1002" in x.text("#history .version")


def request_log_lists_and_filters_requests(x):
    x.open("#/requests")
    x.wait(LOAD_WAIT_S, lambda: len(x.texts("#requests tbody tr")) >= 5, "the request log")
    x.reload_marker()
    before = len(x.texts("#requests tbody tr"))
    x.xblmp("1004", "session", "join", SCID, "open", "another", "--active")
    x.wait(LIVE_WAIT_S, lambda: len(x.texts("#requests tbody tr")) > before, "the new request within 2 s")
    field = x.driver.find_element(By.ID, "request-filter")
    field.send_keys("DELETE")
    x.wait(LIVE_WAIT_S, lambda: 0 < len(x.texts("#requests tbody tr")) < before, "the filtered log")
    assert all("DELETE" in row for row in x.texts("#requests tbody tr"))
    x.assert_not_reloaded()
    x.shot("request-log")


CASES = [
    session_list_shows_sessions_members_and_state,
    session_view_shows_members_properties_and_history,
    a_write_shows_within_two_seconds_without_reload,
    markup_in_properties_and_gamertags_renders_as_text,
    manual_clock_is_shown_and_advances_timers,
    a_deleted_session_stays_in_the_list_with_its_history,
    request_log_lists_and_filters_requests,
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--xblmp", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    explorer = Explorer(args)
    failures = 0
    try:
        explorer.seed()
        for case in CASES:
            started = time.monotonic()
            try:
                case(explorer)
                print("ok   %s (%.1f s)" % (case.__name__, time.monotonic() - started))
            except Exception as error:  # report every case, then fail
                failures += 1
                print("FAIL %s: %s: %s" % (case.__name__, type(error).__name__, error))
                explorer.shot("failed-" + case.__name__)
    finally:
        explorer.close()
    print("%d of %d cases failed" % (failures, len(CASES)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
