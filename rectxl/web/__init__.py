"""The local web page (`rectxl serve`): the command's jobs in a browser, for offices without Excel.

app (routes, errors mapped once), guard (Host and token), uploads (the private folder), answers
(what the page shows, from the core), downloads (the documents), server (uvicorn on 127.0.0.1).
The page itself: templates/index.html, static/app.js and app.css, and Apache ECharts vendored in
static/ (nothing is fetched from the internet).
"""
