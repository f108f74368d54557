"""Frequent function words of German and English: what tells the language of a mail."""

from __future__ import annotations

FUNCTION_WORDS_DE = frozenset("""
ich und der die das nicht mit für fuer ist sie mich wir uns zum zur bitte gerne gern vielen
dank danke grüße gruesse hiermit anmeldung anmelden melde veranstaltung teilnehmen komme kommen
bin sind ein eine einen meine meiner mein auch noch leider wird werde kann möchte moechte würde
wuerde sehr geehrte geehrter damen herren hallo liebe lieber freundlichen herzliche viele im
am auf bei von aus dem den des habe haben oder aber wie gibt es ob dass frage absagen muss
""".split())
FUNCTION_WORDS_EN = frozenset("""
i and the to of is are you my me we us please would like thank thanks regards dear hello hi
attend register registration join will be there can could not for with this that event our
your have has am sorry unfortunately cancel best kind question any also sign up do does
""".split())
