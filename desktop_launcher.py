"""Start Retorno as a desktop app (what a double-click on the executable runs)."""

from app.cli import main

if __name__ == "__main__":
    main()
