"""English function words: the articles, pronouns, prepositions and auxiliaries that every
English sentence leans on. Their share tells English prose from code (``detect``) and from a
line in another language (``prose``)."""

FUNCTION_WORDS = frozenset("""
a an the of to in on at for from by with and or but nor is are was were be been being it its
this that these those which who whom whose what when where why how not can cannot could should
would will shall may might must do does did has have had if then than so as into onto over
under about after before between through during without within upon you your we our they
their he she his her i my me us them there here also only just very more most such each
every any all some both either whether while because until unless since though although
""".split())  # noqa: SIM905 - a word list reads better as text
