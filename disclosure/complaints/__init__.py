"""Complaint batches (信访举报 边督边改): the site's second content type.

content/complaints/<batch>/batch.yaml (the batch's title, 第N批, dates, source) and items.yaml (its
rows, one block per item) are read by reading.py into the model (model.py); rule.py decides what of
each item is public on the build date; guard.py refuses personal data in what is public; pages.py,
stats.py and data.py make the site's files. `import FILE --batch SLUG` (importer/batch.py) writes
the content files.
"""
