"""The only part of k8slab that talks to Kubernetes (``client``, ``view``, ``watcher``) or runs
``kind``/``docker`` (``kind``). Importing this package is cheap: the ``kubernetes`` client is
imported only when a connection is made."""
