"""Media policy: which uploads are accepted, and who may change or delete images and documents."""
