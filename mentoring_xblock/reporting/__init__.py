"""What staff read across pairs: the staff overview, the CSV export, the Data Download rows and the
course's progress."""
