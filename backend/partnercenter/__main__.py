from partnercenter.cli import main

main()
