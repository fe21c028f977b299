"""Inkwell Books: the demo web app (an SPA plus a JSON API) bundled as wiretable's offline target."""
