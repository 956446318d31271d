"""The grown-ups' area (behind the parent gate): pick a child, then everything a parent or
therapist does for that child, plus the app's settings.

The hub shows the children on the left and, for the chosen one, six plain actions on the
right. Adding and editing a child is its own form; removing one asks first, in words that
say all of the child's data goes.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button, target_px
from progress import avatars as avatar_rules
from progress.messages import reason_of
from progress.models import check_name
from tinyhands.i18n import N_, _, ngettext, tr
from tinyhands.screens.common import INK, avatar_button, avatar_word, grid_cells, per_page
from tinyhands.screens.gate import ask_gate_again
from tinyhands.screens.grownup_ui import (
    GROWNUP_ROW_MIN_MM,
    MARGIN,
    REMOVE,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    TextField,
    W,
    choice_button,
    draw_message,
)

MAX_NAME = 40
HANDS = (("right", N_("Right hand")), ("left", N_("Left hand")))


def describe_program(program) -> str:
    minutes = _("{minutes} min a day").format(minutes=f"{program.minutes_per_day:g}")
    n = program.days_per_week
    days = (
        _("every day") if n == 7 else ngettext("{n} day a week", "{n} days a week", n).format(n=n)
    )
    return _("{minutes}, {days}").format(minutes=minutes, days=days)


class GrownUpScene(GrownUpPage):
    """The hub: children on the left; the chosen child's actions on the right."""

    title = N_("Grown-ups")
    back_label = "close"

    def __init__(self, child_id: int | None = None) -> None:
        self.child_id = child_id
        self.page = 0
        self.children: list = []
        self.message = ""
        self._problem_shown = False

    def on_enter(self) -> None:
        services = self.app.services
        services.menu_music(False)
        if services.store.problem and not self._problem_shown:
            from tinyhands.screens.problem import DataProblemScene

            self._problem_shown = True  # first thing a grown-up sees; once per visit
            self.app.scenes.push(DataProblemScene())
            return
        self.children = list(services.store.list_children())
        ids = [c.id for c in self.children]
        if self.child_id not in ids:
            self.child_id = ids[0] if ids else None
        self._layout()

    @property
    def child(self):
        return next((c for c in self.children if c.id == self.child_id), None)

    def _layout(self) -> None:
        u = self.app.units
        pal = self.pal()
        self.start_page()
        row = self.row_h
        # settings: top right, a word and a gear
        sw = max(240, row * 3)
        self.button(
            pygame.Rect(W - MARGIN - sw, round(u.px(5)), sw, self.corner_px),
            _("Settings"),
            lambda: self._open("settings"),
            "settings",
            icon="gear",
        )
        # children (left)
        left = pygame.Rect(MARGIN, self.header_h + 44, 440, 0)
        left.h = 800 - 30 - row - 20 - left.y
        cell = max(target_px(u, 22), 128)
        gap = 14
        n_per = max(1, per_page(left, cell, gap))
        pages = max(1, -(-len(self.children) // n_per))
        self.page = min(self.page, pages - 1)
        shown = self.children[self.page * n_per : (self.page + 1) * n_per]
        cols = max(1, (left.w + gap) // (cell + gap))
        rows = max(1, -(-len(shown) // cols))
        top_aligned = pygame.Rect(left.x, left.y, left.w, rows * (cell + gap) - gap)
        self.cells = grid_cells(top_aligned, len(shown), cell, gap)
        for child, r in zip(shown, self.cells, strict=True):
            self.buttons.add(
                Button(
                    r,
                    lambda c=child: self._pick(c.id),
                    avatar_button(child.avatar, child.display_name),
                    f"child:{child.id}",
                )
            )
        bottom = 800 - 30 - row
        add_w = 440
        if pages > 1:
            add_w = 440 - 2 * (row + 12)
            self.button(pygame.Rect(MARGIN, bottom, row, row), "<", lambda: self._turn(-1), "prev")
            self.button(
                pygame.Rect(MARGIN + 440 - row, bottom, row, row),
                ">",
                lambda: self._turn(1),
                "next",
            )
        self.button(
            pygame.Rect(MARGIN + (440 - add_w) // 2, bottom, add_w, row),
            _("Add a child"),
            lambda: self.app.scenes.push(ChildFormScene()),
            "add-child",
            icon="plus",
        )
        # the chosen child's actions (right)
        self.right = pygame.Rect(520, self.header_h + 10, W - MARGIN - 520, 0)
        child = self.child
        if child is None:
            return
        self.button(
            pygame.Rect(self.right.right - 230, self.right.y + 20, 230, row),
            _("Edit profile"),
            lambda: self.app.scenes.push(ChildFormScene(child)),
            "edit-child",
        )
        top = self.right.y + max(130, row + 50)
        actions = [
            (_("Start today's practice"), "play", "practice", pal["primary"], WHITE),
            (_("Streak & stickers"), "calendar", "streaks", WHITE, INK),
            (_("Home program"), "home", "program", WHITE, INK),
            (_("Goals"), "star", "goals", WHITE, INK),
            (_("Graded task"), "check", "graded", WHITE, INK),
            (_("Export report"), "grid", "export", WHITE, INK),
        ]
        gap = 18
        bw = (self.right.w - gap) // 2
        # three rows of actions under the child's card; on a small dense screen (a 7" tablet)
        # they shrink to fit, to grown-up size at the least, rather than run off the bottom
        least = min(row, round(u.px(GROWNUP_ROW_MIN_MM)))
        bh = max(least, (800 - 30 - top - 2 * gap) // 3)
        for i, (label, icon, name, colour, ink) in enumerate(actions):
            r, c = divmod(i, 2)
            rect = pygame.Rect(self.right.x + c * (bw + gap), top + r * (bh + gap), bw, bh)
            self.button(
                rect,
                label,
                lambda n=name: self._open(n),
                name,
                colour=colour,
                ink=ink,
                icon=icon,
                size_px=34,
            )
        self.request_redraw()

    def _turn(self, d: int) -> None:
        self.page += d
        self._layout()

    def _pick(self, child_id: int) -> None:
        self.child_id = child_id
        self._layout()

    def _open(self, what: str) -> None:
        child = self.child
        scenes = self.app.scenes
        if what == "settings":
            from tinyhands.screens.settings import SettingsScene

            scenes.push(SettingsScene())
        elif child is None:
            return
        elif what == "practice":
            from tinyhands.screens.practice import start_daily_practice

            start_daily_practice(self.app, child)
        elif what == "streaks":
            from tinyhands.screens.streaks import StreaksScene

            scenes.push(StreaksScene(child))
        elif what == "program":
            from tinyhands.screens.therapist import HomeProgramScene

            scenes.push(HomeProgramScene(child))
        elif what == "goals":
            from tinyhands.screens.therapist import GoalsScene

            scenes.push(GoalsScene(child))
        elif what == "graded":
            from tinyhands.screens.therapist import GradedTaskScene

            scenes.push(GradedTaskScene(child))
        elif what == "export":
            from tinyhands.screens.grownup_export import ExportScene

            scenes.push(ExportScene(child))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        t = text.render(_("Children"), 34, SOFT_INK, True)
        surface.blit(t, (MARGIN, self.header_h + 2))
        try:
            r = self.buttons.find(f"child:{self.child_id}").rect
        except KeyError:  # the chosen child is on another page
            pass
        else:
            pygame.draw.rect(surface, (240, 150, 60), r.inflate(12, 12), 6, border_radius=24)
        child = self.child
        right = self.right
        if child is None:
            draw_message(
                surface,
                _(
                    'Add a child to begin: tap "Add a child". Each child gets their own '
                    "picture, practice, streak and reports."
                ),
                right.y + 120,
                width=right.w,
            )
            return
        card = pygame.Rect(right.x, right.y, right.w, max(120, self.row_h + 40))
        pygame.draw.rect(surface, WHITE, card, border_radius=20)
        pic = art.avatar(child.avatar, card.h - 24)
        surface.blit(pic, (card.x + 14, card.y + 12))
        x = card.x + card.h + 10
        name = text.fit(child.display_name, 44, card.w - card.h - 270, INK, True)
        surface.blit(name, (x, card.y + 18))
        store = self.app.services.store
        program = store.get_home_program(child.id)
        streak = store.streak(child.id)
        hand = _("left-handed") if child.handedness == "left" else _("right-handed")
        info = " ".join(
            (
                _("{hand}, {program}.").format(hand=hand, program=describe_program(program)),
                ngettext("Streak: {n} day.", "Streak: {n} days.", streak.current).format(
                    n=streak.current
                ),
            )
        )
        y = card.y + 24 + name.get_height()
        for line in text.wrap(info, 26, card.w - card.h - 270)[:2]:
            t = text.render(line, 26, SOFT_INK)
            surface.blit(t, (x, y))
            y += 28
        # the edit button sits on the card: draw it again on top
        self.buttons.find("edit-child").draw(surface)


class ChildFormScene(GrownUpPage):
    """Add a child, or edit one: name (typed), picture, and the hand they draw with.

    Each child on the device gets their own picture: the avatars other children have show
    their names and are not offered while a free one remains (a child who cannot read finds
    themselves by the picture); only with more children than avatars are they shared."""

    def __init__(self, child=None) -> None:
        self.child = child
        self.name = child.display_name if child else ""
        self.avatar: str | None = None  # chosen on entering, when the other children are known
        self.owners: dict[str, list] = {}
        self.free: list[str] = []
        self.handedness = child.handedness if child and child.handedness == "left" else "right"
        self.message = ""
        self.title = (
            _("Edit {name}'s profile").format(name=child.display_name)
            if child
            else N_("Add a child")
        )

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.app.services.menu_music(False)
        children = self.app.services.store.list_children()
        own = None if self.child is None else self.child.id
        self.owners = avatar_rules.owners(children, except_id=own)
        self.free = avatar_rules.free_avatars(art.AVATARS, children, except_id=own)
        if self.avatar is None:
            self.avatar = avatar_rules.default_avatar(art.AVATARS, children, own=self.child)
        self._layout()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _layout(self) -> None:
        u = self.app.units
        pal = self.pal()
        self.start_page()
        row = self.row_h
        self.field = TextField("name", pygame.Rect(640 - 300, 190, 600, max(row, 76)))
        cell = max(target_px(u, 15), 96)
        gap = 12
        cols = 6
        y_av = self.field.rect.bottom + 60
        below = 16 + row + 20 + row + 24  # the hand row, the save row, a message
        if y_av + -(-len(art.AVATARS) // cols) * (cell + gap) + below > 800:
            # a short, dense screen (a 7" tablet): the pictures in one row, as large as the
            # width allows (a grown-up picks here, with the child), so Save stays on screen
            cols = len(art.AVATARS)
            cell = min(cell, (W - 2 * MARGIN - (cols - 1) * gap) // cols)
        x0 = 640 - (cols * cell + (cols - 1) * gap) // 2
        for i, name in enumerate(art.AVATARS):
            r, c = divmod(i, cols)
            rect = pygame.Rect(x0 + c * (cell + gap), y_av + r * (cell + gap), cell, cell)
            self.buttons.add(
                Button(
                    rect, lambda n=name: self._pick(n), self._avatar_card(name), f"avatar:{name}"
                )
            )
        rows = -(-len(art.AVATARS) // cols)
        y = y_av + rows * (cell + gap) + 16
        self.hand_y = y
        hw = 220
        for i, (value, label) in enumerate(HANDS):
            self.buttons.add(
                Button(
                    pygame.Rect(640 - 40 + i * (hw + 12), y, hw, row),
                    lambda v=value: self._hand(v),
                    choice_button(_(label), lambda v=value: self.handedness == v, pal["primary"]),
                    f"hand:{value}",
                )
            )
        y += row + 20
        save = _("Save changes") if self.child else _("Add child")
        if self.child:
            self.button(
                pygame.Rect(MARGIN + 20, y, 340, row),
                _("Remove this child…"),
                lambda: self.app.scenes.push(RemoveChildScene(self.child)),
                "remove",
                colour=WHITE,
                ink=REMOVE,
            )
            self.button(
                pygame.Rect(640 - 170, y, 340, row),
                _("Clinical record…"),
                self._record,
                "record",
            )
            self.button(
                pygame.Rect(W - MARGIN - 20 - 340, y, 340, row),
                save,
                self._save,
                "save",
                colour=pal["primary"],
                ink=WHITE,
            )
        else:
            self.button(
                pygame.Rect(640 - 180, y, 360, row),
                save,
                self._save,
                "save",
                colour=pal["primary"],
                ink=WHITE,
            )
        self.msg_y = min(y + row + 8, 800 - 40)
        self.request_redraw()

    def _avatar_card(self, name: str):
        """A free avatar as it is; a taken one faded under its owner's name."""
        owners = self.owners.get(name)
        if not owners:
            return avatar_button(name)
        card = avatar_button(name, avatar_rules.names(owners))

        def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
            card(surface, rect, pressed)
            if self.free:  # taken while others are free: faded, it is not on offer
                veil = pygame.Surface(rect.size, pygame.SRCALPHA)
                pygame.draw.rect(
                    veil, (255, 255, 255, 150), veil.get_rect(), border_radius=max(10, rect.w // 6)
                )
                surface.blit(veil, rect.topleft)

        return draw

    def _taken_message(self, avatar: str) -> str:
        return _(
            "The {avatar} is {names}'s picture. Choose a free one, so each child finds their own."
        ).format(avatar=avatar_word(avatar), names=avatar_rules.names(self.owners[avatar]))

    def _pick(self, avatar: str) -> None:
        if avatar in self.owners and self.free:
            self.message = self._taken_message(avatar)
            return
        self.avatar = avatar
        self.message = (
            _(
                "Every picture is taken: the {avatar} is shared with {names}, told apart by a "
                "coloured ring and a letter."
            ).format(
                avatar=avatar_word(avatar),
                names=avatar_rules.names(self.owners[avatar]),
            )
            if avatar in self.owners
            else ""
        )

    def _hand(self, value: str) -> None:
        self.handedness = value

    def _record(self) -> None:
        from tinyhands.screens.clinical_record import ClinicalRecordScene

        def saved(child) -> None:
            self.child = child  # a later "Save changes" keeps the record just saved

        self.app.scenes.push(ClinicalRecordScene(self.child, on_saved=saved))

    def _save(self) -> None:
        name = self.name.strip()
        if not name:
            self.message = _("Type the child's first name or a nickname first.")
            return
        try:
            check_name(name, _("a name"))
        except ValueError as exc:
            said = tr(reason_of(exc))
            self.message = said[:1].upper() + said[1:]  # the reason starts a sentence here
            return
        store = self.app.services.store
        if self.avatar in self.owners and self.free:
            self.message = self._taken_message(self.avatar)
            return
        if self.child is None:
            saved = store.add_child(name, avatar=self.avatar, handedness=self.handedness)
        else:
            changed = self.child.model_copy(
                update={"display_name": name, "avatar": self.avatar, "handedness": self.handedness}
            )
            saved = store.call(lambda s: s.update_child(changed), None)
        if saved is None:
            self.message = tr(store.problem) or _("The profile could not be saved.")
            return
        below = list(self.app.scenes)[-2] if len(self.app.scenes) > 1 else None
        if isinstance(below, GrownUpScene):
            below.child_id = saved.id  # the hub shows the child just added or edited
        self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            self.name = (self.name + event.text)[:MAX_NAME]
            self.message = ""
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.name = self.name[:-1]
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self._save()
            elif event.key == pygame.K_ESCAPE:
                self.app.scenes.pop()
                return
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        label = text.fit(_("First name or nickname (type it on the keyboard):"), 30, W - 80, INK)
        surface.blit(label, label.get_rect(midbottom=(640, self.field.rect.top - 8)))
        self.field.value = self.name
        self.field.draw(surface, True, 44)
        hint = text.fit(_("Choose a picture the child will know as theirs:"), 30, W - 80, INK)
        first = self.buttons.find(f"avatar:{art.AVATARS[0]}").rect
        surface.blit(hint, hint.get_rect(midbottom=(640, first.top - 8)))
        hand = text.fit(_("Draws with:"), 30, 560, INK, True)
        surface.blit(hand, hand.get_rect(midright=(640 - 60, self.hand_y + self.row_h // 2)))
        chosen = self.buttons.find(f"avatar:{self.avatar}").rect
        pygame.draw.rect(surface, (240, 150, 60), chosen.inflate(10, 10), 6, border_radius=22)
        if self.message:
            draw_message(surface, self.message, self.msg_y, (150, 70, 40))


# the add form keeps its old name for callers that still use it
AddChildScene = ChildFormScene


class RemoveChildScene(GrownUpPage):
    """Asks before a child is removed, saying plainly that all their data goes."""

    def __init__(self, child) -> None:
        self.child = child
        self.title = _("Remove {name}?").format(name=child.display_name)
        self.message = ""

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page()
        row = max(self.row_h, 88)
        name = self.child.display_name
        self.button(
            pygame.Rect(640 - 20 - 440, 560, 440, row),
            _("Keep {name}").format(name=name),
            self.app.scenes.pop,
            "keep",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.button(
            pygame.Rect(660, 560, 440, row),
            _("Remove and delete all data"),
            lambda: ask_gate_again(self.app, self._remove, _("To remove {name}").format(name=name)),
            "confirm-remove",
            colour=REMOVE,
            ink=WHITE,
        )
        self.request_redraw()

    def _remove(self) -> None:
        store = self.app.services.store
        ok = store.call(lambda s: (s.remove_child(self.child.id), True)[1], False)
        if not ok:
            self.message = tr(store.problem) or _("The child could not be removed.")
            self.request_redraw()
            return
        scenes = self.app.scenes
        scenes.pop()  # this question
        if isinstance(scenes.top, ChildFormScene):
            scenes.pop()  # the profile form of a child who is gone

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        name = self.child.display_name
        pic = art.avatar(self.child.avatar, 150)
        surface.blit(pic, pic.get_rect(midtop=(640, 150)))
        draw_message(
            surface,
            _(
                "This deletes {name}'s profile and everything recorded for {name}: every "
                "round played, the streak and the calendar, the stickers and stars, the goals "
                "and the home program. It cannot be undone."
            ).format(name=name),
            330,
            width=1000,
        )
        draw_message(
            surface,
            _("To keep a copy for the therapist, choose Keep, then Export report first."),
            470,
            SOFT_INK,
            width=1000,
        )
        if self.message:
            draw_message(surface, self.message, 680, (150, 70, 40))
