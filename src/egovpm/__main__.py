from egovpm.cli import main

main()
