"""The only modules that import Streamlit: the declared view state and its URL (view.py), the session's
corpus, cached analyses and figures, sidebar and pack (state.py), chart and table widgets with their
downloads (widgets.py), and uploads (uploads.py). Pages read state here, call analyses and render."""
