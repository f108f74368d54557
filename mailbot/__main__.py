import sys

from mailbot.cli import main

if __name__ == "__main__":  # not when a helper process (spawn) imports this module
    sys.exit(main())
