"""Lets `python -m campaign` run the command line."""

from campaign.cli import main

main()
