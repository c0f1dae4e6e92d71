"""Label events with a level: rules first, then the trained model."""
