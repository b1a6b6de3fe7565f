"""The password every fixture account signs in with."""

PASSWORD = "correct horse battery"
