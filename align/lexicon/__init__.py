"""Word data every stage may use: spelling variants, the NLTK classes, word vectors."""
