"""A light touch of style; colours come from the platform palette (light or dark)."""

STYLE = """
QLabel#pageTitle { font-size: 20pt; font-weight: bold; margin: 4px 0; }
QLabel#heading { font-weight: bold; margin-top: 8px; color: palette(mid); }
QLabel#workspaceTitle { font-size: 15pt; font-weight: bold; }
QLabel#workspaceDetails { color: palette(mid); }
QLabel#banner { background: #fff3cd; color: #5c4400; padding: 6px; border-radius: 4px; }
QLabel#itemTitle { font-size: 14pt; }
QLabel#requirement { font-size: 13pt; }
QLabel#badges { color: #c62828; font-weight: bold; }
QLabel#error { color: #c62828; }
QLabel#claim { background: palette(alternate-base); padding: 6px; border-radius: 4px; }
QPushButton:checked { font-weight: bold; border: 2px solid palette(highlight); }
QPushButton { padding: 6px 10px; }
"""
