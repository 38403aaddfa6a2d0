"""The domain: plain Python, no streamlit, no database sessions."""
