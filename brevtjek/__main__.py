from brevtjek.cli import main

main()
