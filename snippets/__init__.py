"""Runnable code behind every number and figure of the MLP-insights lecture.

One module per concept of the lecture. Modules named ``*_plots`` draw; every
other module computes and returns data, so the pages decide where figures go.
"""
