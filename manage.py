#!/usr/bin/env python
from baqylau.manage import main

if __name__ == "__main__":
    main()
