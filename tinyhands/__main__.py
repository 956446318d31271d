import sys

from tinyhands.cli import main

sys.exit(main())
