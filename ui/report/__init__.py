"""What a reader sees, drawn without Streamlit: the label catalogue in both languages and the wording of
findings, one chart style, the chart builders, display tables, images (PNG/SVG), the PPTX writer and
the standard pack, and the one escaping rule for data text (safe.py). The command line uses it too."""
