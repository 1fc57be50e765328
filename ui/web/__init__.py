"""The only modules that import Streamlit: the declared view state (view.py) and its session state and
URL (state.py), the session's corpus with cached analyses and figures (data.py), the frame around every
page (frame.py), chart and table widgets with their downloads (widgets.py), and uploads (uploads.py).
Pages read state here, call analyses and render."""
