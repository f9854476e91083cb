#!/bin/bash
# Deploy the orders API.
export FLY_API_TOKEN="FlyV1 fm2_lJPECAAAAAAAAMxPxBBz9dNa8qR3tU6vW1yX4zA7bC0eF2gH5iJ8kL"
fly secrets set STRIPE_SECRET_KEY=sk_live_51HxQ2vKp9sT4dY7wZ3mN8bR
echo "deploying with token $FLY_API_TOKEN"
flyctl deploy --remote-only
