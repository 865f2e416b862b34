"""The Streamlit app's pages and state (entry: `app.py`). Library code never imports this."""
