from rectxl.cli.main import main

main()
