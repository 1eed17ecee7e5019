"""Two ways a person works a page: with a mouse, or with the keyboard alone.

Each flow is written once against an actor, then run with both. The keyboard actor
reaches every control with Tab only, and checks that the control shows where the
focus is when it gets there.
"""

from __future__ import annotations

MAX_TABS = 400

# A focus indicator counts when it draws something: a box-shadow, or an outline
# that is not transparent. GOV.UK checkboxes draw it on the label's ::before.
VISIBLE_FOCUS = """el => {
  const drawn = s => (s.boxShadow && s.boxShadow !== 'none') ||
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
     !['transparent', 'rgba(0, 0, 0, 0)'].includes(s.outlineColor));
  const label = el.matches('input[type=checkbox], input[type=radio]') &&
    el.labels && el.labels[0];
  return drawn(getComputedStyle(el)) ||
    Boolean(label && drawn(getComputedStyle(label, '::before')));
}"""

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  return el ? el.outerHTML.slice(0, 160) : 'nothing';
}"""


class Mouse:
    name = "mouse"

    def activate(self, target) -> None:
        target.click()

    def toggle(self, target) -> None:
        target.click()

    def fill(self, target, text: str) -> None:
        target.click()
        target.fill(text)


class Keyboard:
    """Tab to each control, then Enter, Space or typing; never the mouse."""

    name = "keyboard"

    def focus(self, target) -> None:
        page = target.page
        target.wait_for(state="attached")
        for _ in range(MAX_TABS):
            if target.evaluate("el => el === document.activeElement"):
                assert target.evaluate(VISIBLE_FOCUS), (
                    "focus is not visible on " + page.evaluate(DESCRIBE_FOCUS))
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {target} in {MAX_TABS} presses; "
                             "focus ended on " + page.evaluate(DESCRIBE_FOCUS))

    def activate(self, target) -> None:
        self.focus(target)
        target.page.keyboard.press("Enter")

    def toggle(self, target) -> None:
        self.focus(target)
        target.page.keyboard.press("Space")

    def fill(self, target, text: str) -> None:
        self.focus(target)
        target.page.keyboard.press("ControlOrMeta+A")
        target.page.keyboard.type(text)


ACTORS = {"mouse": Mouse(), "keyboard": Keyboard()}
