"""The only modules that read raw inputs (`raw`) or read and write Parquet tables (`tables`)."""
