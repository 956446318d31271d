"""The yardstick for start-up: a bare pygame-ce window with the libraries Tiny Hands
loads before its first frame imported, opened and drawn once the way ``engine.app`` does.

Run as a script by ``bench_app``; prints one line when the first frame is on screen.
"""

import sqlite3  # noqa: F401  (imported, like the app's store, to count its cost)
import sys

import platformdirs  # noqa: F401
import pydantic  # noqa: F401
import pygame
from pydantic import BaseModel  # noqa: F401  (the library itself, not only its lazy shell)


def main() -> int:
    w, h = (int(v) for v in sys.argv[1].split("x")) if len(sys.argv) > 1 else (1280, 800)
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_caption("bare window")
    window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
    window.fill((246, 241, 232))
    pygame.display.flip()
    print("bare: first frame drawn", flush=True)
    while True:  # like the app: stay open until told to go
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return 0
        pygame.time.wait(50)


if __name__ == "__main__":
    sys.exit(main())
